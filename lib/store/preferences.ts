import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import { CLEARABLE_PREFERENCES, type Preferences, type PreferencesAnswer } from '@/lib/meetings/types';
import { IanaZone, WorkingHoursSchema, type WorkingHours } from '@/lib/schedule';
import type { OverlapDB } from './db';

/**
 * The user's preferences, stored as one versioned record. Every format Overlap ever wrote keeps
 * its schema here, with a step to the next, so a profile that skipped releases still reads.
 */

const CURRENT_KEY = 'current';
const SET_ASIDE_PREFIX = 'set-aside:';

function setAsideKeys(): IDBKeyRange {
  return IDBKeyRange.bound(SET_ASIDE_PREFIX, `${SET_ASIDE_PREFIX}\uffff`);
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:mm"');
const AccountId = z.string().regex(/^(google|microsoft):[^\s:]+@[^\s:]+$/, 'must be an account id such as "google:ada@example.com"');
const Conference = z.enum(['meet', 'teams', 'none']);

/** Version 1, the first stored format: one working-hours range for all working days, durations in hours. */
export const PreferencesV1Schema = z
  .object({
    version: z.literal(1),
    timeZone: IanaZone.optional(),
    workingDays: z.array(z.enum(weekdays)).max(7),
    workingHours: z.object({ start: ClockTime, end: ClockTime }).strict(),
    defaultDurationHours: z.number().positive().max(24),
    /** Kept free on both sides of a meeting. */
    bufferMinutes: z.int().min(0).max(720),
    minimumNoticeHours: z.number().min(0).max(24 * 366),
    granularityMinutes: z.int().min(1).max(1440),
    treatTentativeAsBusy: z.boolean(),
    defaultAccountId: AccountId.optional(),
    defaultConference: Conference,
    horizonDays: z.int().min(1).max(366),
  })
  .strict();

/** Version 2, current: per-weekday ranges, every duration in minutes, buffers per side. */
export const PreferencesV2Schema = z
  .object({
    version: z.literal(2),
    timeZone: IanaZone.optional(),
    workingHours: WorkingHoursSchema,
    defaultDurationMinutes: z.int().min(5).max(1440),
    bufferBeforeMinutes: z.int().min(0).max(720),
    bufferAfterMinutes: z.int().min(0).max(720),
    minimumNoticeMinutes: z.int().min(0).max(366 * 1440),
    granularityMinutes: z
      .int()
      .min(1)
      .max(1440)
      .refine((minutes) => 1440 % minutes === 0, 'must divide a day evenly (5, 10, 15, 30, 60, …)'),
    tentativePolicy: z.enum(['busy', 'free']),
    /** Added within version 2: a record saved before it reads as 'busy', what searches did then. */
    allDayPolicy: z.enum(['busy', 'free']).default('busy'),
    defaultAccountId: AccountId.optional(),
    defaultConference: Conference,
    horizonDays: z.int().min(1).max(366),
  })
  .strict();

export const CURRENT_PREFERENCES_VERSION = 2;

type V1 = z.infer<typeof PreferencesV1Schema>;
type V2 = z.infer<typeof PreferencesV2Schema>;

/** v1 → v2: the single range becomes each working day's range; hours become minutes. */
export function migrateV1toV2(v1: V1): V2 {
  const range = [{ start: v1.workingHours.start, end: v1.workingHours.end }];
  const workingHours: WorkingHours = Object.fromEntries(v1.workingDays.map((day) => [day, range]));
  // v1 allowed any granularity; v2 needs one that divides the day, so round to the nearest that does.
  const granularity = [5, 10, 15, 20, 30, 60, 120, 240, 480, 1440].reduce((best, candidate) =>
    Math.abs(candidate - v1.granularityMinutes) < Math.abs(best - v1.granularityMinutes) ? candidate : best,
  );
  return {
    version: 2,
    ...(v1.timeZone ? { timeZone: v1.timeZone } : {}),
    workingHours,
    defaultDurationMinutes: Math.min(1440, Math.max(5, Math.round(v1.defaultDurationHours * 60))),
    bufferBeforeMinutes: v1.bufferMinutes,
    bufferAfterMinutes: v1.bufferMinutes,
    minimumNoticeMinutes: Math.round(v1.minimumNoticeHours * 60),
    granularityMinutes: granularity,
    tentativePolicy: v1.treatTentativeAsBusy ? 'busy' : 'free',
    allDayPolicy: 'busy',
    ...(v1.defaultAccountId ? { defaultAccountId: v1.defaultAccountId } : {}),
    defaultConference: v1.defaultConference,
    horizonDays: v1.horizonDays,
  };
}

/** The zone this browser runs in, which stands in for a preference the user never set. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const weekdayHours = [{ start: '09:00', end: '17:00' }];

/**
 * Defaults: Monday to Friday, 9 to 5 in the browser's zone (left unset, so the zone follows the
 * browser when the user travels), 30-minute meetings on a 15-minute grid, two weeks ahead.
 */
export function defaultPreferences(): Preferences {
  return {
    workingHours: { mon: weekdayHours, tue: weekdayHours, wed: weekdayHours, thu: weekdayHours, fri: weekdayHours },
    defaultDurationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 60,
    granularityMinutes: 15,
    tentativePolicy: 'busy',
    allDayPolicy: 'busy',
    defaultConference: 'meet',
    horizonDays: 14,
  };
}

/** `preferences.set` got something it cannot store; `issues` name each field. */
export class PreferencesInvalidError extends Error {
  override readonly name = 'PreferencesInvalidError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`These preferences cannot be saved: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

type Read = { kind: 'current'; preferences: V2; migratedFrom?: number } | { kind: 'unreadable'; why: string };

/** Reads any stored version into the current one, or says in plain words why it cannot. */
export function readStoredPreferences(raw: unknown): Read {
  if (typeof raw !== 'object' || raw === null || !('version' in raw)) {
    return { kind: 'unreadable', why: 'the saved record is damaged (it has no version)' };
  }
  const version = (raw as { version: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version)) return { kind: 'unreadable', why: 'the saved record is damaged (its version is not a number)' };
  if (version > CURRENT_PREFERENCES_VERSION) {
    return { kind: 'unreadable', why: `they were saved by a newer version of Overlap (format ${version}) than this one understands` };
  }
  if (version === 1) {
    const v1 = PreferencesV1Schema.safeParse(raw);
    if (!v1.success) return { kind: 'unreadable', why: `the saved record is damaged (${describeIssues(v1.error)})` };
    return { kind: 'current', preferences: migrateV1toV2(v1.data), migratedFrom: 1 };
  }
  if (version === 2) {
    const v2 = PreferencesV2Schema.safeParse(raw);
    if (!v2.success) return { kind: 'unreadable', why: `the saved record is damaged (${describeIssues(v2.error)})` };
    return { kind: 'current', preferences: v2.data };
  }
  return { kind: 'unreadable', why: `the saved record has an unknown format (${version})` };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 2)
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}

function withoutVersion({ version: _version, ...preferences }: V2): Preferences {
  return preferences;
}

/**
 * Preferences on this device. Reading never fails: a record that cannot be read is moved aside
 * (kept for a later version or a bug report, never silently destroyed) and the defaults answer,
 * with a notice that stays until the user saves preferences again.
 */
export class PreferencesStore {
  constructor(
    private readonly db: IDBPDatabase<OverlapDB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(): Promise<PreferencesAnswer> {
    try {
      return await this.read();
    } catch (error) {
      return this.answer(defaultPreferences(), `Overlap could not open your saved preferences (${error instanceof Error ? error.message : String(error)}), so it is using the defaults for now.`);
    }
  }

  /**
   * Nearly every read finds the current format or nothing, and writes nothing: a read-only
   * transaction asks for the record and the set-aside keys at once, in one round trip, and never
   * holds the write lock, so reads do not queue behind one another (a save still goes first).
   * Only a record to migrate or set aside goes on to {@link readAndRewrite}, which reads it again
   * under the write lock.
   */
  private async read(): Promise<PreferencesAnswer> {
    const store = this.db.transaction('preferences').store;
    const [raw, setAside] = await Promise.all([store.get(CURRENT_KEY), store.getAllKeys(setAsideKeys())]);
    if (raw === undefined) return this.defaultsAnswer(setAside.length);
    const stored = readStoredPreferences(raw);
    if (stored.kind === 'current' && stored.migratedFrom === undefined) return this.answer(withoutVersion(stored.preferences));
    return this.readAndRewrite();
  }

  private async readAndRewrite(): Promise<PreferencesAnswer> {
    const tx = this.db.transaction('preferences', 'readwrite');
    const raw = await tx.store.get(CURRENT_KEY);
    if (raw === undefined) {
      const setAside = await tx.store.getAllKeys(setAsideKeys());
      await tx.done;
      return this.defaultsAnswer(setAside.length);
    }
    const stored = readStoredPreferences(raw);
    if (stored.kind === 'current') {
      if (stored.migratedFrom !== undefined) await tx.store.put(stored.preferences, CURRENT_KEY);
      await tx.done;
      return this.answer(withoutVersion(stored.preferences));
    }
    await tx.store.put(raw, `${SET_ASIDE_PREFIX}${this.now().toISOString()}`);
    await tx.store.delete(CURRENT_KEY);
    await tx.done;
    return this.answer(defaultPreferences(), this.setAsideNotice(stored.why));
  }

  private defaultsAnswer(setAsideCount: number): PreferencesAnswer {
    return this.answer(defaultPreferences(), setAsideCount ? this.setAsideNotice('an earlier saved record could not be read') : undefined);
  }

  private setAsideNotice(why: string): string {
    return `Your saved preferences could not be used because ${why}. Overlap is using the defaults; the old record is kept on this device. Save your preferences to replace them.`;
  }

  private answer(preferences: Preferences, notice?: string): PreferencesAnswer {
    return { preferences, effectiveTimeZone: preferences.timeZone ?? browserTimeZone(), ...(notice ? { notice } : {}) };
  }

  /**
   * Validates and stores preferences. Fields left out keep their current value, so a settings
   * view may send only what changed; an optional field sent as `null` is cleared (a message drops
   * `undefined`, so leaving it out cannot say "unset"). A bad field is refused with its name and
   * nothing is written. The stored record is read, merged and written in one transaction, so two
   * pages saving different fields at once both keep their change: neither merges onto a record
   * the other is replacing. A record that cannot be read is set aside in the same transaction and
   * the change merges onto the defaults.
   */
  async set(input: unknown): Promise<PreferencesAnswer> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new PreferencesInvalidError([{ path: 'preferences', message: 'must be an object of preference fields' }]);
    }
    const tx = this.db.transaction('preferences', 'readwrite');
    const raw = await tx.store.get(CURRENT_KEY);
    const stored = raw === undefined ? undefined : readStoredPreferences(raw);
    const current = stored?.kind === 'current' ? withoutVersion(stored.preferences) : defaultPreferences();
    const merged: Record<string, unknown> = { ...current, ...input, version: CURRENT_PREFERENCES_VERSION };
    for (const key of CLEARABLE_PREFERENCES) if (merged[key] === null) delete merged[key];
    const parsed = PreferencesV2Schema.safeParse(merged);
    if (!parsed.success) {
      // Nothing was written; ending the transaction here leaves the stored record as it was.
      throw new PreferencesInvalidError(
        parsed.error.issues.map((issue) => ({
          path: ['preferences', ...issue.path.map(String)].join('.'),
          message: issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message,
        })),
      );
    }
    if (stored?.kind === 'unreadable') await tx.store.put(raw, `${SET_ASIDE_PREFIX}${this.now().toISOString()}`);
    await tx.store.put(parsed.data, CURRENT_KEY);
    await tx.done;
    return this.answer(withoutVersion(parsed.data));
  }

  /** Records that could not be read, oldest first, for support and for a later version to recover. */
  async setAside(): Promise<{ key: string; record: unknown }[]> {
    const range = setAsideKeys();
    const [keys, values] = await Promise.all([this.db.getAllKeys('preferences', range), this.db.getAll('preferences', range)]);
    return keys.map((key, index) => ({ key, record: values[index] }));
  }
}
