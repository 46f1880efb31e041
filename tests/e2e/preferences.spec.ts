import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { z } from 'zod';
import { googleScope } from '@/lib/auth/scopes';
import { DB_NAME, DB_VERSION, type AccountRecord } from '@/lib/store/db';
import type { PreferencesV1Schema, PreferencesV2Schema } from '@/lib/store/preferences';
import { expect, openExtensionPage, serviceWorkerOf, test } from './fixtures';
import { ana, openPopup } from './helpers';

/*
 * Preferences in real Chromium: they live in the extension's IndexedDB as one versioned record,
 * so these tests read and write that record raw, the way an older or newer Overlap (or a damaged
 * disk) would have left it. None of them talks to a calendar, so none starts the stand-ins.
 */

// The store's keys are private to lib/store/preferences.ts; they are part of the on-disk format,
// so a test that spells them out notices when they change.
const CURRENT_KEY = 'current';
const SET_ASIDE_PREFIX = 'set-aside:';

/** A Google account as the accounts store remembers it, so the popup shows its views instead of the first-run screen. */
const anaAccount: AccountRecord = {
  id: `google:${ana}`,
  provider: 'google',
  email: ana,
  grantedScopes: [googleScope.email, googleScope.freeBusy, googleScope.openid].sort(),
  enabledFeatures: ['find-times'],
  connectedAt: '2025-01-06T09:00:00.000Z',
  updatedAt: '2025-01-06T09:00:00.000Z',
};

/** A valid version-2 record as this Overlap writes it: a zone and a default account chosen, a 50-minute default. */
const savedV2 = {
  version: 2,
  timeZone: 'Asia/Tokyo',
  workingHours: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }] },
  defaultDurationMinutes: 50,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 60,
  granularityMinutes: 15,
  tentativePolicy: 'busy',
  allDayPolicy: 'busy',
  defaultAccountId: anaAccount.id,
  defaultConference: 'meet',
  horizonDays: 14,
} satisfies z.input<typeof PreferencesV2Schema>;

type StoreName = 'accounts' | 'preferences';
/** A record to put; `key` only for the preferences store, whose keys are out of line. */
type RawRecord = { key?: string; value: unknown };

/**
 * Puts records into the extension's database from one of its pages: extension pages share the
 * background's origin and so its IndexedDB. The database must already exist: opening it here
 * first would create it at the current version without the background's stores, so that upgrade
 * is aborted instead.
 */
async function putRaw(page: Page, store: StoreName, records: RawRecord[]): Promise<void> {
  await page.evaluate(
    async ({ name, version, store, records }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(`The background has not created "${name}" v${version} yet: ${String(request.error)}`));
      });
      const tx = db.transaction(store, 'readwrite');
      for (const { key, value } of records) {
        if (key === undefined) tx.objectStore(store).put(value);
        else tx.objectStore(store).put(value, key);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DB_NAME, version: DB_VERSION, store, records },
  );
}

/** Every record in the preferences store, by key, exactly as stored. */
async function storedPreferences(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ name, version }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const store = db.transaction('preferences').objectStore('preferences');
      const read = <T,>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const [keys, values] = await Promise.all([read(store.getAllKeys()), read(store.getAll())]);
      db.close();
      return Object.fromEntries(keys.map((key, index) => [String(key), values[index]]));
    },
    { name: DB_NAME, version: DB_VERSION },
  );
}

/**
 * Gives a fresh profile a connected account and, optionally, a preferences record, before the
 * popup first asks for preferences. The permissions page is used because it loads accounts (so
 * the background has opened the database once it shows them) but never reads preferences, which
 * would otherwise migrate or set aside the record before the test looks.
 */
async function seedProfile(context: BrowserContext, extensionId: string, preferences?: unknown): Promise<Page> {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await expect(permissions.getByText('No account is connected.')).toBeVisible();
  await putRaw(permissions, 'accounts', [{ value: anaAccount }]);
  if (preferences !== undefined) await putRaw(permissions, 'preferences', [{ key: CURRENT_KEY, value: preferences }]);
  return permissions;
}

async function openSettings(popup: Page): Promise<Locator> {
  await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings', exact: true }).click();
  return popup.getByRole('region', { name: 'Settings' });
}

function numberField(settings: Locator, label: string): Locator {
  return settings.getByRole('spinbutton', { name: label, exact: true });
}

/** The Settings form still shows the shipped defaults (see `defaultPreferences`). */
async function expectDefaults(settings: Locator): Promise<void> {
  await expect(numberField(settings, 'Default duration')).toHaveValue('30');
  await expect(numberField(settings, 'Buffer before')).toHaveValue('0');
  await expect(numberField(settings, 'Minimum notice')).toHaveValue('60');
  await expect(settings.getByRole('combobox', { name: 'Start times every' })).toHaveValue('15');
  await expect(settings.getByRole('checkbox', { name: /^Follow this browser/ })).toBeChecked();
  await expect(settings.getByRole('checkbox', { name: 'Friday' })).toBeChecked();
  await expect(settings.getByRole('checkbox', { name: 'Saturday' })).not.toBeChecked();
}

test('preferences saved in Settings are still there after the browser quits and starts again, and new searches use them', async ({ profile }) => {
  const first = await profile.launch();
  const extensionId = new URL((await serviceWorkerOf(first)).url()).host;
  await seedProfile(first, extensionId);
  const popup = await openPopup(first, extensionId);
  const settings = await openSettings(popup);
  await expectDefaults(settings);

  await numberField(settings, 'Default duration').fill('45');
  await numberField(settings, 'Buffer before').fill('5');
  await numberField(settings, 'Buffer after').fill('10');
  await numberField(settings, 'Minimum notice').fill('120');
  await settings.getByRole('combobox', { name: 'Start times every' }).selectOption('10');
  await settings.getByLabel('Wednesday starts', { exact: true }).fill('10:30');
  await settings.getByLabel('Wednesday ends', { exact: true }).fill('18:00');
  await settings.getByRole('checkbox', { name: 'Friday' }).uncheck();
  await settings.getByRole('checkbox', { name: /^Follow this browser/ }).uncheck();
  const zone = settings.getByRole('combobox', { name: /^Time zone/ });
  await zone.fill('Tokyo');
  await settings.getByRole('option', { name: /^Asia \/ Tokyo/ }).click();
  await expect(zone).toHaveValue('Asia/Tokyo');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText('Settings saved. New searches use them.')).toBeVisible();

  await first.close();
  const second = await profile.launch();
  // The sandbox build's manifest key pins its id, so the relaunched browser knows it by the same one.
  expect(new URL((await serviceWorkerOf(second)).url()).host).toBe(extensionId);
  const reopened = await openPopup(second, extensionId);

  // The Find view starts from the saved default length and zone.
  await expect(reopened.getByRole('radio', { name: '45 minutes', exact: true })).toBeChecked();
  await expect(reopened.getByRole('combobox', { name: /^Your time zone/ })).toHaveValue('Asia/Tokyo');

  const saved = await openSettings(reopened);
  await expect(numberField(saved, 'Default duration')).toHaveValue('45');
  await expect(numberField(saved, 'Buffer before')).toHaveValue('5');
  await expect(numberField(saved, 'Buffer after')).toHaveValue('10');
  await expect(numberField(saved, 'Minimum notice')).toHaveValue('120');
  await expect(saved.getByRole('combobox', { name: 'Start times every' })).toHaveValue('10');
  await expect(saved.getByLabel('Wednesday starts', { exact: true })).toHaveValue('10:30');
  await expect(saved.getByLabel('Wednesday ends', { exact: true })).toHaveValue('18:00');
  await expect(saved.getByLabel('Tuesday starts', { exact: true })).toHaveValue('09:00');
  await expect(saved.getByRole('checkbox', { name: 'Friday' })).not.toBeChecked();
  await expect(saved.getByRole('checkbox', { name: /^Follow this browser/ })).not.toBeChecked();
  await expect(saved.getByRole('combobox', { name: /^Time zone/ })).toHaveValue('Asia/Tokyo');
  await expect(saved.getByRole('alert')).toHaveCount(0);
});

test('going back to following the browser\'s zone and to the first connected account is saved, not kept at the earlier choice', async ({ context, extensionId }) => {
  const inspector = await seedProfile(context, extensionId, savedV2);
  const popup = await openPopup(context, extensionId);
  const settings = await openSettings(popup);
  await expect(settings.getByRole('combobox', { name: /^Time zone/ })).toHaveValue('Asia/Tokyo');
  await expect(settings.getByRole('combobox', { name: 'Default account' })).toHaveValue(anaAccount.id);

  // Both choices clear an optional field rather than pick another value.
  await settings.getByRole('checkbox', { name: /^Follow this browser/ }).check();
  await settings.getByRole('combobox', { name: 'Default account' }).selectOption({ label: 'The first connected' });
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText('Settings saved. New searches use them.')).toBeVisible();

  await popup.reload();
  const reopened = await openSettings(popup);
  await expect(reopened.getByRole('checkbox', { name: /^Follow this browser/ })).toBeChecked();
  await expect(reopened.getByRole('combobox', { name: 'Default account' })).toHaveValue('');
  // Absent, not merely empty: an absent zone is what makes searches follow the browser.
  const { timeZone: _zone, defaultAccountId: _account, ...followingTheBrowser } = savedV2;
  expect((await storedPreferences(inspector))[CURRENT_KEY]).toStrictEqual(followingTheBrowser);
});

test.describe('preferences stored by other versions or damaged', () => {
  test('a version-1 record from an older Overlap is shown in Settings in its version-2 form and stored back as version 2', async ({ context, extensionId }) => {
    // Version 1 had one range for all working days and counted in hours; 12-minute steps do not
    // divide a day in version 2's terms, so they become the nearest that does, 10.
    const v1 = {
      version: 1,
      timeZone: 'America/Sao_Paulo',
      workingDays: ['mon', 'tue', 'wed', 'thu'],
      workingHours: { start: '08:30', end: '16:00' },
      defaultDurationHours: 0.75,
      bufferMinutes: 10,
      minimumNoticeHours: 4,
      granularityMinutes: 12,
      treatTentativeAsBusy: false,
      defaultAccountId: anaAccount.id,
      defaultConference: 'none',
      horizonDays: 21,
    } satisfies z.input<typeof PreferencesV1Schema>;
    const inspector = await seedProfile(context, extensionId, v1);

    const popup = await openPopup(context, extensionId);
    await expect(popup.getByRole('radio', { name: '45 minutes', exact: true })).toBeChecked();
    const settings = await openSettings(popup);
    await expect(numberField(settings, 'Default duration')).toHaveValue('45');
    await expect(numberField(settings, 'Look ahead')).toHaveValue('21');
    await expect(numberField(settings, 'Buffer before')).toHaveValue('10');
    await expect(numberField(settings, 'Buffer after')).toHaveValue('10');
    await expect(numberField(settings, 'Minimum notice')).toHaveValue('240');
    await expect(settings.getByRole('combobox', { name: 'Start times every' })).toHaveValue('10');
    await expect(settings.getByRole('combobox', { name: 'Tentative events' })).toHaveValue('free');
    await expect(settings.getByRole('combobox', { name: 'Default account' })).toHaveValue(anaAccount.id);
    await expect(settings.getByRole('combobox', { name: 'Default video call' })).toHaveValue('none');
    await expect(settings.getByRole('combobox', { name: /^Time zone/ })).toHaveValue('America/Sao_Paulo');
    for (const day of ['Monday', 'Thursday']) {
      await expect(settings.getByRole('checkbox', { name: day })).toBeChecked();
      await expect(settings.getByLabel(`${day} starts`, { exact: true })).toHaveValue('08:30');
      await expect(settings.getByLabel(`${day} ends`, { exact: true })).toHaveValue('16:00');
    }
    await expect(settings.getByRole('checkbox', { name: 'Friday' })).not.toBeChecked();
    await expect(settings.getByRole('alert')).toHaveCount(0);

    // The popup's read migrated the record in place: version 2 under the same key, nothing set aside.
    const range = [{ start: '08:30', end: '16:00' }];
    expect(await storedPreferences(inspector)).toStrictEqual({
      [CURRENT_KEY]: {
        version: 2,
        timeZone: 'America/Sao_Paulo',
        workingHours: { mon: range, tue: range, wed: range, thu: range },
        defaultDurationMinutes: 45,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 10,
        minimumNoticeMinutes: 240,
        granularityMinutes: 10,
        tentativePolicy: 'free',
        // Version 1 always counted all-day events as busy.
        allDayPolicy: 'busy',
        defaultAccountId: anaAccount.id,
        defaultConference: 'none',
        horizonDays: 21,
      },
    });
  });

  test('a damaged record leaves the popup usable on defaults with a notice until new preferences are saved, and is kept aside rather than deleted', async ({ context, extensionId }) => {
    // A version-2 record whose grid does not divide a day, as a bug or a bad disk might leave it;
    // none of its other (valid) values may be used either.
    const damaged = { ...savedV2, granularityMinutes: 7 };
    const inspector = await seedProfile(context, extensionId, damaged);

    const popup = await openPopup(context, extensionId);
    await expect(popup.getByRole('radio', { name: '30 minutes', exact: true })).toBeChecked();
    // The Find view's own copy of the notice, beside the way to Settings (the Settings copy is hidden).
    const findNotice = popup.getByRole('paragraph').filter({ has: popup.getByRole('button', { name: 'Review settings' }) });
    await expect(findNotice).toHaveText(/^Your saved preferences could not be used because the saved record is damaged \(granularityMinutes: /);

    // Until the user saves, every popup says so again, though the record has already been moved aside.
    await popup.reload();
    await expect(popup.getByRole('button', { name: 'Find times' })).toBeVisible();
    await expect(findNotice).toHaveText(/^Your saved preferences could not be used because an earlier saved record could not be read\./);
    await findNotice.getByRole('button', { name: 'Review settings' }).click();
    const settings = popup.getByRole('region', { name: 'Settings' });
    await expect(settings.getByRole('alert')).toHaveText(/^Your saved preferences could not be used .* Overlap is using the defaults; the old record is kept on this device\./);
    await expectDefaults(settings);

    await numberField(settings, 'Default duration').fill('60');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByText('Settings saved. New searches use them.')).toBeVisible();
    await expect(settings.getByRole('alert')).toHaveCount(0);
    await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Find a time' }).click();
    await expect(popup.getByRole('radio', { name: '60 minutes', exact: true })).toBeChecked();
    await expect(popup.getByText(/could not be used/)).toHaveCount(0);

    const stored = await storedPreferences(inspector);
    expect(stored[CURRENT_KEY]).toMatchObject({ version: 2, defaultDurationMinutes: 60, granularityMinutes: 15 });
    const setAside = Object.entries(stored).filter(([key]) => key.startsWith(SET_ASIDE_PREFIX));
    expect(setAside).toStrictEqual([[expect.stringMatching(/^set-aside:\d{4}-\d\d-\d\dT/), damaged]]);
  });

  test('a record written by a newer Overlap is set aside unchanged while this version uses the defaults and says why', async ({ context, extensionId }) => {
    const newer = { version: 3, workingHours: { mon: [{ start: '07:00', end: '15:00' }] }, defaultDurationMinutes: 25, focusBlocks: [{ day: 'tue', start: '13:00', end: '15:00' }] };
    const inspector = await seedProfile(context, extensionId, newer);

    const popup = await openPopup(context, extensionId);
    await expect(popup.getByRole('radio', { name: '30 minutes', exact: true })).toBeChecked();
    const settings = await openSettings(popup);
    await expect(settings.getByRole('alert')).toContainText('they were saved by a newer version of Overlap (format 3) than this one understands');
    await expectDefaults(settings);

    const stored = await storedPreferences(inspector);
    expect(stored[CURRENT_KEY]).toBeUndefined();
    expect(Object.entries(stored)).toStrictEqual([[expect.stringMatching(/^set-aside:/), newer]]);
  });
});
