import type { Page } from '@playwright/test';
import { googleScope } from '@/lib/auth/scopes';
import { partnerKeyProperty } from '@/lib/providers/google';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, consentInWindow } from './helpers';

// The main job once in a German Chromium: chrome.i18n answers "de", so Overlap speaks German
// and formats days and times the German way. The stand-ins' own consent page stays English.
test.use({ uiLanguage: 'de-DE' });

const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];

/** "Di., 24. Nov., 16:00–16:30": a German weekday, a day before its month, a 24-hour clock. */
const germanSlot = /^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. [^,]+, \d{2}:\d{2}–\d{2}:\d{2}$/;

async function addParticipant(popup: Page, email: string) {
  const field = popup.getByRole('combobox', { name: 'Teilnehmende' });
  await field.pressSequentially(email);
  await field.press('Enter');
  await expect(popup.getByRole('list', { name: 'Personen für den Termin' }).getByRole('button', { name: `${email} entfernen` })).toBeVisible();
}

test.describe('Overlap in a German browser', () => {
  test('finds and books a meeting from the popup with German words, German dates and a 24-hour clock', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await expect(permissions.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(permissions.getByRole('heading', { level: 1 })).toHaveText('Berechtigungen und Aktivität');
    await expect(permissions.getByTestId('background-status')).toHaveText(/^Bereit · Version \d+\.\d+\.\d+ · Sandbox-Version/);
    await consentInWindow(context, () => permissions.getByRole('button', { name: 'Google verbinden' }).click(), { account: ana });
    await expect(permissions.getByRole('heading', { name: `Google · ${ana}` })).toBeVisible();
    await expect(permissions.getByTestId('notice')).toHaveText(/^ana\.lima@northwind\.example ist verbunden\./);
    // The scope catalog's own words: what the granted sign-in scope allows, in German.
    await expect(permissions.getByRole('cell', { name: 'Bestätigt, welches Google-Konto sich angemeldet hat.' })).toBeVisible();

    const popup = await openExtensionPage(context, extensionId, 'popup.html');
    await expect(popup.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(popup.getByRole('navigation', { name: 'Ansichten' }).getByRole('button')).toHaveText(['Zeit finden', 'Termine', 'Einstellungen']);
    for (const email of colleagues) await addParticipant(popup, email);
    await popup.getByRole('radio', { name: '30 Minuten', exact: true }).check();
    await popup.getByRole('button', { name: 'Zeiten finden' }).click();

    const heading = popup.getByRole('heading', { name: /^\d+ Zeiten? gefunden$/ });
    await expect(heading).toBeVisible();
    // The engine's reasons come worded in German too.
    await expect(popup.getByText(/^Alle (Pflichtteilnehmer )?sind frei$/).first()).toBeVisible();
    // Day headings name the weekday in German, the day before the month.
    await expect(popup.locator('.day h3').first()).toHaveText(/^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+$/);

    const best = popup.getByRole('button', { name: /^Buchen: / }).first();
    const when = ((await best.getAttribute('aria-label')) ?? '').replace(/^Buchen: /, '');
    expect(when).toMatch(germanSlot);
    expect(when).not.toMatch(/AM|PM/);
    await best.click();

    const dialog = popup.getByRole('dialog', { name: 'Termin bestätigen' });
    await dialog.getByRole('textbox', { name: 'Titel' }).fill('Quartalsplanung');
    await dialog.getByRole('radio', { name: 'Google Meet' }).check();
    await consentInWindow(context, () => dialog.getByRole('button', { name: 'Termin buchen' }).click(), { expectScopes: [googleScope.ownedEvents] });

    const booked = popup.getByRole('dialog', { name: 'Termin gebucht' });
    await expect(booked).toContainText(`Quartalsplanung ist gebucht für ${when}.`);
    await expect(booked.getByRole('link', { name: 'Am Google Meet-Anruf teilnehmen' })).toHaveAttribute('href', /^https:\/\/meet\.google\.com\//);
    const events = sandbox.google.readEvents(ana).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty]);
    expect(events.map((event) => event.summary)).toEqual(['Quartalsplanung']);

    await booked.getByRole('button', { name: 'Fertig' }).click();
    await popup.getByRole('button', { name: 'Termine', exact: true }).click();
    await expect(popup.getByRole('heading', { name: 'Von Overlap erstellte Termine' })).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Quartalsplanung absagen' })).toBeVisible();

    // A German week starts on Monday, and the settings list working hours that way.
    await popup.getByRole('button', { name: 'Einstellungen', exact: true }).click();
    const days = popup.getByRole('group', { name: 'Arbeitszeiten' }).locator('.day-name');
    await expect(days).toHaveText(['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag']);
  });
});
