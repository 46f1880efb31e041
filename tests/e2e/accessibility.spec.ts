import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogle, connectGoogleWithBooking, connectMicrosoft, jack, openPopup, resultsHeading, searchFor, confirmBestTime, typeParticipant } from './helpers';
import { openCalendar, openGmail, openOutlook, openPanel, serveCalendarFixture, serveGmailFixture, serveOutlookFixture } from './sites';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';
/** Tokyo: Hiro's working day ends before Jack's starts in Los Angeles, so nothing fits. */
const hiro = 'hiro.tanaka@contoso.example';

/** The WCAG 2.0–2.2 A and AA success criteria axe can test, plus its best practices. */
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const impacts = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof impacts)[number];
type Mode = 'light' | 'dark';

interface Row {
  view: string;
  mode: Mode;
  counts: Record<Impact, number>;
  /**
   * Elements whose contrast axe could not decide: today each is text partly under the popup's
   * footer or a scroll edge, in colours axe measures elsewhere in the same view.
   */
  contrastToReview: number;
  rules: string[];
}

/** Every audit of this file, printed as one table when the file is done. */
const rows: Row[] = [];

function describeViolation(violation: Result): string {
  const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' >>> '));
  return `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length}×: ${targets.join(', ')})`;
}

/**
 * Runs axe over `page` (or only the parts `include` names, iframes inside them included) once in
 * light and once in dark mode, records the counts, and fails softly on any violation, so a
 * failing view still lets the others be measured. Serious and critical ones are what the issue
 * forbids; the rest fail too, because none is left today and a new one should be seen.
 */
async function audit(page: Page, view: string, options: { include?: string[]; ready?: (page: Page) => Promise<void> } = {}): Promise<void> {
  for (const mode of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: mode });
    await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(mode === 'dark');
    await options.ready?.(page);
    let builder = new AxeBuilder({ page }).withTags(tags);
    for (const selector of options.include ?? []) builder = builder.include(selector);
    const { violations, incomplete } = await builder.analyze();
    const counts = Object.fromEntries(impacts.map((impact) => [impact, violations.filter((violation) => violation.impact === impact).length])) as Record<Impact, number>;
    const contrastToReview = incomplete.find((result) => result.id === 'color-contrast')?.nodes.length ?? 0;
    rows.push({ view, mode, counts, contrastToReview, rules: violations.map((violation) => violation.id) });
    const severe = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect.soft(severe.map(describeViolation), `serious or critical violations in ${view} (${mode})`).toEqual([]);
    expect.soft(violations.map(describeViolation), `violations in ${view} (${mode})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

test.afterAll(() => {
  if (!rows.length) return;
  const header = ['view', 'mode', ...impacts, 'contrast to review', 'rules'];
  const lines = rows.map((row) => [row.view, row.mode, ...impacts.map((impact) => String(row.counts[impact])), String(row.contrastToReview), row.rules.join(' ') || '—']);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(['axe violations per view and mode (by impact):', format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n'));
});

/** The frame's document is in the emulated scheme too (an extension iframe is its own process). */
async function frameFollows(frame: Frame) {
  return async (page: Page) => {
    const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    await expect.poll(() => frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(dark);
  };
}

test.describe('accessibility checked by axe in light and dark mode', () => {
  // Each test audits up to eight views twice; axe takes seconds per view on a busy two-core machine.
  test.describe.configure({ timeout: 120_000 });

  test('the popup has no violations empty, with people added, with results, in the booking dialog once booked, in the meetings list and in the settings', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogleWithBooking(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const popup = await openPopup(context, extensionId);
    await audit(popup, 'popup: empty');
    await typeParticipant(popup, ben);
    await typeParticipant(popup, chloe);
    await popup.getByRole('button', { name: `Optional: ${chloe}` }).click();
    await audit(popup, 'popup: people added');
    await popup.getByRole('button', { name: `Remove ${ben}` }).click();
    await popup.getByRole('button', { name: `Remove ${chloe}` }).click();

    const { dialog } = await confirmBestTime(popup, [ben, chloe], 'Audit review');
    await expect(dialog.getByRole('button', { name: 'Book meeting' })).toBeEnabled();
    await audit(popup, 'popup: booking dialog');
    await dialog.getByRole('button', { name: 'Back to times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await audit(popup, 'popup: results');

    await popup.getByRole('button', { name: /^Book / }).first().click();
    await popup.getByRole('dialog', { name: 'Confirm the meeting' }).getByRole('textbox', { name: 'Title' }).fill('Audit review');
    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect(popup.getByRole('dialog', { name: 'Meeting booked' })).toBeVisible();
    await audit(popup, 'popup: booked');
    await popup.getByRole('button', { name: 'Done' }).click();

    await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Meetings' }).click();
    await expect(popup.getByRole('link', { name: 'Open in calendar: Audit review' })).toBeVisible();
    await audit(popup, 'popup: meetings');
    await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    await audit(popup, 'popup: settings');
  });

  test('the popup has no violations before any account is connected and when no time fits', async ({ context, extensionId, sandbox }) => {
    const first = await openExtensionPage(context, extensionId, 'popup.html');
    await expect(first.getByRole('button', { name: 'Connect a calendar' })).toBeVisible();
    await audit(first, 'popup: first run');

    await connectMicrosoft(await openExtensionPage(context, extensionId, 'permissions.html'), sandbox, jack);
    const popup = await openPopup(context, extensionId);
    await searchFor(popup, [hiro], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText('No time fits');
    await audit(popup, 'popup: nothing fits');
  });

  test('the permissions page has no violations with no account, with two accounts, in the disconnect confirmation and in the ledger', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await expect(page.getByText('No account is connected.')).toBeVisible();
    await audit(page, 'permissions: no account');

    await connectGoogle(context, page);
    await connectMicrosoft(page, sandbox, jack);
    await audit(page, 'permissions: two accounts');

    await page.getByRole('button', { name: `Disconnect ${ana}` }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await audit(page, 'permissions: disconnect confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

    // A search adds free/busy calls of both accounts to the activity list.
    const popup = await openPopup(context, extensionId);
    await searchFor(popup, [ben], { minutes: 30 });
    await expect(resultsHeading(popup)).toBeVisible();
    await page.reload();
    await expect(page.locator('table.ledger tbody tr').filter({ hasText: 'POST /freeBusy' }).first()).toBeVisible();
    await page.getByRole('combobox', { name: 'Account' }).selectOption({ label: ana });
    await expect(page.locator('table.ledger tbody tr').first()).toBeVisible();
    await audit(page, 'permissions: ledger');
  });

  test('the inline panel has no violations in Google Calendar, Outlook and Gmail, with its form and with times found', async ({ context, extensionId, sandbox: _sandbox }) => {
    await serveCalendarFixture(context);
    await serveOutlookFixture(context);
    await serveGmailFixture(context);
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));

    const sites = [
      { site: 'gcal', open: () => openCalendar(context, 'eventedit', { guests: ben, title: 'Roadmap review' }) },
      {
        site: 'outlook',
        open: async () => {
          const page = await openOutlook(context, '/calendar/view/week', { required: ben, title: 'Roadmap review' });
          await page.getByRole('button', { name: 'New event' }).click();
          return page;
        },
      },
      { site: 'gmail', open: () => openGmail(context, { to: ben, subject: 'Roadmap review' }) },
    ] as const;
    for (const { site, open } of sites) {
      const page = await open();
      const frame = await openPanel(page, site);
      // Only Overlap's launcher and panel: the fixture's own markup stands in for the site's.
      const include = [`[data-overlap-launcher="${site}"]`, `[data-overlap-panel="${site}"]`];
      await audit(page, `panel ${site}: form`, { include, ready: await frameFollows(frame) });
      await frame.getByRole('button', { name: 'Find times' }).click();
      await expect(frame.getByRole('heading', { name: /^\d+ times? found$/ })).toBeVisible();
      await audit(page, `panel ${site}: results`, { include, ready: await frameFollows(frame) });
      await page.close();
    }
  });
});
