import { describe, expect, it } from 'vitest';
import { memorySessionArea } from '@/lib/sites/health';
import { Contacts } from './contacts';
import { openOverlapDB, type PartnerMeetingRecord } from './db';
import { PartnerMeetings } from './partner-meetings';
import { MirroredMeetings } from './unsaved-meetings';

let counter = 0;
const pending: PartnerMeetingRecord = {
  id: 'op-mirror-1',
  accountId: 'google:ana@northwind.example',
  provider: 'google',
  title: 'Roadmap review',
  start: '2026-12-02T10:00:00.000Z',
  end: '2026-12-02T10:30:00.000Z',
  timeZone: 'UTC',
  attendees: [{ email: 'ben@northwind.example' }],
  conference: 'none',
  status: 'pending',
  intent: 'digest',
  sendInvitations: true,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

async function mirrored() {
  const area = memorySessionArea();
  const db = await openOverlapDB(`overlap-mirror-${++counter}`);
  const saved = new PartnerMeetings(db);
  return { area, saved, contacts: new Contacts(db), meetings: new MirroredMeetings(saved, area) };
}

describe('the session mirror of bookings in flight', () => {
  it('holds a booking while it is pending and lets it go once IndexedDB stores it booked', async () => {
    const { area, meetings } = await mirrored();
    await meetings.begin(pending);
    expect((await area.get('unsavedMeetings')).unsavedMeetings).toEqual([pending]);
    expect(await meetings.recordBooked({ ...pending, status: 'booked', providerEventId: 'e1', updatedAt: '2026-12-01T09:01:00.000Z' })).toBe(true);
    expect(await area.get('unsavedMeetings')).toEqual({});
    expect(await meetings.unsaved()).toBe(0);
  });

  it('lets go of a mirrored record that IndexedDB already holds in a newer, settled state, without writing it back', async () => {
    const { area, saved, meetings } = await mirrored();
    const booked = { ...pending, status: 'booked' as const, providerEventId: 'e1', updatedAt: '2026-12-01T09:05:00.000Z' };
    await saved.put(booked);
    await area.set({ unsavedMeetings: [pending] });
    expect(await meetings.restore()).toBe(0);
    expect(await area.get('unsavedMeetings')).toEqual({});
    expect(await saved.get(pending.id)).toEqual(booked);
  });

  it('answers the newer of the mirror and IndexedDB for one meeting, and lists what only the mirror holds', async () => {
    const { area, saved, meetings } = await mirrored();
    await saved.put(pending);
    const booked = { ...pending, status: 'booked' as const, updatedAt: '2026-12-01T09:05:00.000Z' };
    const other = { ...pending, id: 'op-mirror-2', status: 'booked' as const, createdAt: '2026-12-01T10:00:00.000Z' };
    // IndexedDB refuses nothing here; a mirror ahead of it is what a refused write leaves behind.
    await area.set({ unsavedMeetings: [booked, other] });
    expect(await meetings.get(pending.id)).toEqual(booked);
    expect((await meetings.list()).records.map((record) => [record.id, record.status])).toEqual([
      ['op-mirror-2', 'booked'],
      ['op-mirror-1', 'booked'],
    ]);
    // The list offered IndexedDB what the mirror held: both are stored now, and the mirror is empty.
    expect(await area.get('unsavedMeetings')).toEqual({});
    expect((await saved.list()).records).toHaveLength(2);
  });

  it('writes a mirrored booking once when a list and the health check restore at the same moment, so its attendees count one meeting', async () => {
    const { area, saved, contacts, meetings } = await mirrored();
    const booked = { ...pending, status: 'booked' as const, providerEventId: 'e1', updatedAt: '2026-12-01T09:05:00.000Z' };
    await area.set({ unsavedMeetings: [booked] });
    await Promise.all([meetings.list(), meetings.unsaved()]);
    expect(await saved.get(pending.id)).toEqual(booked);
    expect((await contacts.read()).records.map((contact) => [contact.email, contact.meetings])).toEqual([['ben@northwind.example', 1]]);
  });
});
