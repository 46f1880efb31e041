import { describe, expect, it } from 'vitest';
import type { Slot } from '@/lib/schedule';
import { canPickMore, pickedSlots, togglePick } from './slot-selection';

const at = (start: string) => ({ start, end: start.replace(':00:00', ':30:00') }) as Slot;
const [best, second, third] = [at('2026-11-24T10:00:00Z'), at('2026-11-24T11:00:00Z'), at('2026-11-25T09:00:00Z')] as [Slot, Slot, Slot];

describe('ticking times to insert into an email', () => {
  it('ticks and unticks a time', () => {
    const ticked = togglePick({ starts: [], max: 3 }, second);
    expect(ticked.starts).toEqual([second.start]);
    expect(togglePick(ticked, second).starts).toEqual([]);
  });

  it('refuses a tick beyond the maximum but still lets one be unticked', () => {
    const full = [best, second].reduce(togglePick, { starts: [], max: 2 });
    expect(canPickMore(full)).toBe(false);
    expect(togglePick(full, third)).toBe(full);
    expect(canPickMore(togglePick(full, best))).toBe(true);
  });

  it('hands the ticked times over in ranked order, whatever order they were ticked in', () => {
    const picks = [third, best].reduce(togglePick, { starts: [], max: 3 });
    expect(pickedSlots(picks, [best, second, third])).toEqual([best, third]);
  });
});
