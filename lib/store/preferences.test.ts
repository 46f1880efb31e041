import { describe, expect, it } from 'vitest';
import { openOverlapDB } from './db';
import { PreferencesInvalidError, PreferencesStore, PreferencesV1Schema, PreferencesV2Schema, browserTimeZone, defaultPreferences, migrateV1toV2 } from './preferences';

let dbCounter = 0;
const freshDb = () => openOverlapDB(`overlap-preferences-test-${++dbCounter}`);
const at = () => new Date('2026-11-23T10:00:00Z');

const storedV1 = {
  version: 1,
  timeZone: 'Europe/Berlin',
  workingDays: ['mon', 'tue', 'wed', 'thu'],
  workingHours: { start: '08:30', end: '16:00' },
  defaultDurationHours: 0.75,
  bufferMinutes: 10,
  minimumNoticeHours: 2,
  granularityMinutes: 30,
  treatTentativeAsBusy: false,
  defaultAccountId: 'google:ada@northwind.example',
  defaultConference: 'meet',
  horizonDays: 21,
};

describe('preference migrations', () => {
  it('turns a version-1 record into per-weekday ranges and minutes without losing a setting', () => {
    const v2 = migrateV1toV2(PreferencesV1Schema.parse(storedV1));
    expect(v2).toEqual({
      version: 2,
      timeZone: 'Europe/Berlin',
      workingHours: {
        mon: [{ start: '08:30', end: '16:00' }],
        tue: [{ start: '08:30', end: '16:00' }],
        wed: [{ start: '08:30', end: '16:00' }],
        thu: [{ start: '08:30', end: '16:00' }],
      },
      defaultDurationMinutes: 45,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 10,
      minimumNoticeMinutes: 120,
      granularityMinutes: 30,
      tentativePolicy: 'free',
      allDayPolicy: 'busy',
      defaultAccountId: 'google:ada@northwind.example',
      defaultConference: 'meet',
      horizonDays: 21,
    });
    expect(PreferencesV2Schema.safeParse(v2).success).toBe(true);
  });

  it('reads a version-2 record saved before the all-day policy existed as all-day events being busy', () => {
    const earlyV2 = migrateV1toV2(PreferencesV1Schema.parse(storedV1)) as Record<string, unknown>;
    delete earlyV2.allDayPolicy;
    expect(PreferencesV2Schema.parse(earlyV2).allDayPolicy).toBe('busy');
  });

  it('rounds a version-1 granularity that does not divide the day to the nearest one that does', () => {
    expect(migrateV1toV2({ ...PreferencesV1Schema.parse(storedV1), granularityMinutes: 25 }).granularityMinutes).toBe(20);
  });

  it('reads a stored version-1 record as current preferences and writes it back in version 2', async () => {
    const db = await freshDb();
    await db.put('preferences', storedV1, 'current');
    const answer = await new PreferencesStore(db, at).get();
    expect(answer.notice).toBeUndefined();
    expect(answer.preferences.defaultDurationMinutes).toBe(45);
    expect(answer.effectiveTimeZone).toBe('Europe/Berlin');
    expect(await db.get('preferences', 'current')).toMatchObject({ version: 2, defaultDurationMinutes: 45, tentativePolicy: 'free' });
  });
});

describe('reading preferences that cannot be used', () => {
  it('answers the defaults in the browser’s zone, without a notice, when nothing was ever saved', async () => {
    const answer = await new PreferencesStore(await freshDb(), at).get();
    expect(answer).toEqual({ preferences: defaultPreferences(), effectiveTimeZone: browserTimeZone() });
  });

  it.each([
    ['a record that is not an object', 'garbage'],
    ['a record without a version', { defaultDurationMinutes: 30 }],
    ['a version-2 record with a broken field', { ...migrateV1toV2(PreferencesV1Schema.parse(storedV1)), granularityMinutes: 7 }],
    ['a version-1 record missing a field', { ...storedV1, workingHours: undefined }],
  ])('falls back to the defaults for %s, keeps the record aside and says so', async (_label, record) => {
    const db = await freshDb();
    await db.put('preferences', record, 'current');
    const store = new PreferencesStore(db, at);
    const answer = await store.get();
    expect(answer.preferences).toEqual(defaultPreferences());
    expect(answer.notice).toMatch(/could not be used because the saved record (is damaged|has an unknown format)/);
    expect(await store.setAside()).toEqual([{ key: 'set-aside:2026-11-23T10:00:00.000Z', record }]);
    expect(await db.get('preferences', 'current')).toBeUndefined();
  });

  it('keeps a record from a newer version of Overlap aside instead of guessing at it', async () => {
    const db = await freshDb();
    const future = { version: 3, workingWeek: 'whatever a future version stores' };
    await db.put('preferences', future, 'current');
    const store = new PreferencesStore(db, at);
    expect((await store.get()).notice).toMatch(/saved by a newer version of Overlap \(format 3\)/);
    expect((await store.setAside()).map((entry) => entry.record)).toEqual([future]);
  });

  it('keeps showing the notice until the user saves preferences again, then stops', async () => {
    const db = await freshDb();
    await db.put('preferences', 'garbage', 'current');
    const store = new PreferencesStore(db, at);
    await store.get();
    expect((await store.get()).notice).toMatch(/earlier saved record could not be read/);
    await store.set({ defaultDurationMinutes: 50 });
    const after = await store.get();
    expect(after.notice).toBeUndefined();
    expect(after.preferences.defaultDurationMinutes).toBe(50);
    expect(await store.setAside()).toHaveLength(1);
  });

  it('answers the defaults with a notice when the database itself cannot be read', async () => {
    const db = await freshDb();
    db.close();
    const answer = await new PreferencesStore(db, at).get();
    expect(answer.preferences).toEqual(defaultPreferences());
    expect(answer.notice).toMatch(/could not open your saved preferences/);
  });
});

describe('saving preferences', () => {
  it('stores valid changes, keeps the fields left out and answers the whole result', async () => {
    const store = new PreferencesStore(await freshDb(), at);
    const saved = await store.set({ timeZone: 'Asia/Tokyo', bufferAfterMinutes: 5, workingHours: { sat: [{ start: '10:00', end: '12:00' }] } });
    expect(saved.preferences).toMatchObject({ timeZone: 'Asia/Tokyo', bufferAfterMinutes: 5, workingHours: { sat: [{ start: '10:00', end: '12:00' }] }, horizonDays: 14 });
    expect(saved.effectiveTimeZone).toBe('Asia/Tokyo');
    expect((await store.get()).preferences).toEqual(saved.preferences);
  });

  it('clears the zone and the default account when they are sent as null, and refuses null for a required field', async () => {
    const store = new PreferencesStore(await freshDb(), at);
    await store.set({ timeZone: 'Asia/Tokyo', defaultAccountId: 'google:ada@northwind.example', defaultDurationMinutes: 45 });
    const cleared = await store.set({ timeZone: null, defaultAccountId: null });
    expect(cleared.preferences).not.toHaveProperty('timeZone');
    expect(cleared.preferences).not.toHaveProperty('defaultAccountId');
    expect(cleared.preferences.defaultDurationMinutes).toBe(45);
    expect(cleared.effectiveTimeZone).toBe(browserTimeZone());
    const error = await store.set({ defaultDurationMinutes: null }).catch((caught: unknown) => caught);
    expect((error as PreferencesInvalidError).issues.map((issue) => issue.path)).toEqual(['preferences.defaultDurationMinutes']);
  });

  it('refuses bad fields by name and leaves the stored preferences unchanged', async () => {
    const store = new PreferencesStore(await freshDb(), at);
    await store.set({ defaultDurationMinutes: 45 });
    const error = await store.set({ timeZone: 'Mars/Olympus', granularityMinutes: 7, workingHours: { mon: [{ start: '9am', end: '17:00' }] }, colour: 'blue' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PreferencesInvalidError);
    const paths = (error as PreferencesInvalidError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['preferences.timeZone', 'preferences.granularityMinutes', 'preferences.workingHours.mon.0.start', 'preferences']));
    expect((error as PreferencesInvalidError).issues.find((issue) => issue.path === 'preferences')?.message).toBe('unknown field colour');
    expect((await store.get()).preferences.defaultDurationMinutes).toBe(45);
  });

  it('refuses something that is not an object of fields', async () => {
    await expect(new PreferencesStore(await freshDb(), at).set(['not', 'fields'])).rejects.toThrow(/must be an object of preference fields/);
  });

  it('keeps both changes when two pages save different fields at the same moment', async () => {
    const db = await freshDb();
    const first = new PreferencesStore(db, at);
    const second = new PreferencesStore(db, at);
    await first.set({ horizonDays: 21 });
    await Promise.all([first.set({ defaultDurationMinutes: 45 }), second.set({ bufferAfterMinutes: 10 }), first.set({ tentativePolicy: 'free' })]);
    expect((await first.get()).preferences).toMatchObject({ horizonDays: 21, defaultDurationMinutes: 45, bufferAfterMinutes: 10, tentativePolicy: 'free' });
  });

  it('sets a record it cannot read aside while saving over it, and merges the change onto the defaults', async () => {
    const db = await freshDb();
    await db.put('preferences', { version: 2, horizonDays: 'soon' }, 'current');
    const store = new PreferencesStore(db, at);
    const saved = await store.set({ defaultDurationMinutes: 50 });
    expect(saved.preferences).toEqual({ ...defaultPreferences(), defaultDurationMinutes: 50 });
    expect(saved.notice).toBeUndefined();
    expect(await store.setAside()).toEqual([{ key: 'set-aside:2026-11-23T10:00:00.000Z', record: { version: 2, horizonDays: 'soon' } }]);
  });
});

