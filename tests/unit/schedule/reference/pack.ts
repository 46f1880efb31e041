// FROZEN with the rest of this folder: how lib/schedule/schemas.ts packed a busy list at commit
// eaacd16, for entries the request schema has already accepted.
import { BUSY_STATUSES, type BusyInterval, type PackedBusy } from '@/lib/schedule/schemas';
import { parseIsoInstantMs } from './time';

const STATUS_INDEX = new Map<unknown, number>(BUSY_STATUSES.map((status, index) => [status, index]));

export function packBusy(list: BusyInterval[]): PackedBusy {
  const count = list.length;
  const packed: PackedBusy = {
    count,
    startMs: new Float64Array(count),
    endMs: new Float64Array(count),
    status: new Uint8Array(count),
    allDay: new Uint8Array(count),
  };
  list.forEach((entry, index) => {
    packed.startMs[index] = parseIsoInstantMs(entry.start) as number;
    packed.endMs[index] = parseIsoInstantMs(entry.end) as number;
    packed.status[index] = STATUS_INDEX.get(entry.status ?? 'busy') as number;
    packed.allDay[index] = entry.allDay === true ? 1 : 0;
  });
  return packed;
}
