import { describe, expect, it } from 'vitest';
import { memorySessionArea } from '@/lib/sites/health';
import { InlineMeetRooms } from './inline-meet-rooms';

const key = '6f1c0a52-7d1c-4a53-9d0e-0c6c1e7e9a11';

describe('the Meet rooms made for inline panels', () => {
  it('makes one room per panel key: a retry, and a worker that starts over with the same session storage, get the stored room', async () => {
    const area = memorySessionArea();
    let made = 0;
    const make = async () => ({ joinUrl: `https://meet.google.com/room-${++made}`, madeBy: 'ana@example.com' });
    expect(await new InlineMeetRooms(area).once(key, make)).toEqual({ joinUrl: 'https://meet.google.com/room-1', madeBy: 'ana@example.com' });
    expect((await new InlineMeetRooms(area).once(key, make)).joinUrl).toBe('https://meet.google.com/room-1');
    expect((await new InlineMeetRooms(area).once('another-panel', make)).joinUrl).toBe('https://meet.google.com/room-2');
    expect(made).toBe(2);
  });

  it('shares one attempt between two requests at once with the same key', async () => {
    const rooms = new InlineMeetRooms(memorySessionArea());
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { joinUrl: 'https://meet.google.com/room', madeBy: 'ana@example.com' };
    };
    await Promise.all([rooms.once(key, make), rooms.once(key, make)]);
    expect(made).toBe(1);
  });

  it('stores nothing when making the room failed, so trying again makes one', async () => {
    const rooms = new InlineMeetRooms(memorySessionArea());
    await expect(rooms.once(key, async () => Promise.reject(new Error('Google did not answer')))).rejects.toThrow('Google did not answer');
    expect((await rooms.once(key, async () => ({ joinUrl: 'https://meet.google.com/room', madeBy: 'ana@example.com' }))).joinUrl).toBe('https://meet.google.com/room');
  });
});
