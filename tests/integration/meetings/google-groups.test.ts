import { describe, expect, it } from 'vitest';
import { slotFlags, flagLabel } from '@/lib/ui/slots';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';

let sandbox: Sandbox;

withStandIns({ now }, (started) => (sandbox = started));

describe('a mailing list as a participant', () => {
  it('shows a group too big for Google to expand as a calendar unknown, with the reason on each slot', async () => {
    const world = await startWorld(sandbox, new Date(now));
    const benId = await world.connect('google', ben);
    const outcome = await world.call('schedule.find', {
      organizerAccountId: benId,
      timeZone: 'America/New_York',
      participants: [{ email: 'design-team@northwind.example' }, { email: 'all-staff@northwind.example' }],
      durationMinutes: 30,
      start: '2026-03-09T00:00:00Z',
      end: '2026-03-14T00:00:00Z',
    });
    if (!outcome.result.ok) throw new Error('expected slots');
    const [slot] = outcome.result.slots;
    expect(slot!.unknown).toEqual(['all-staff@northwind.example']);
    expect(slotFlags(slot!, 'America/New_York').map(flagLabel)).toContain('Calendar unknown: all-staff@northwind.example');
    expect(slot!.reasons.join(' ')).toMatch(/all-staff@northwind\.example.*too many members for Google to expand/);
  });
});
