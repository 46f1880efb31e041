import type { Frame, Page, Worker } from '@playwright/test';
import { expect, openExtensionPage, test } from './fixtures';
import { connectGoogle, connectGoogleWithBooking, googlePartnerEvents } from './helpers';
import { fixtureComposes, openGmail, panelFrame, serveGmailFixture } from './sites';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';

function launchers(page: Page) {
  return page.locator('[data-overlap-launcher="gmail"]');
}

/** Opens the launcher's panel (the newest panel on the page) and waits until the find form is there. */
async function openPanel(page: Page, index = 0): Promise<Frame> {
  const launcher = launchers(page).nth(index);
  await expect(launcher).toHaveAccessibleName('Find a time with Overlap');
  const panels = await page.locator('[data-overlap-panel="gmail"]').count();
  await launcher.click();
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const frame = await panelFrame(page, panels, 'gmail');
  await expect(frame.getByRole('button', { name: 'Find times' })).toBeVisible();
  return frame;
}

async function findTimes(frame: Frame) {
  await frame.getByRole('button', { name: 'Find times' }).click();
  await expect(frame.getByRole('heading', { name: /^\d+ times? found$/ })).toBeVisible();
}

/** Ticks the best `count` times and presses "Insert times". */
async function insertTimes(frame: Frame, count: number) {
  await findTimes(frame);
  const boxes = frame.getByRole('checkbox', { name: /^Include / });
  for (let index = 0; index < count; index++) await boxes.nth(index).check();
  await frame.getByRole('button', { name: `Insert times (${count})` }).click();
}

test.describe('the inline panel in Gmail compose', () => {
  test.beforeEach(async ({ context }) => {
    await serveGmailFixture(context);
  });

  test('each compose that appears late gets a launcher, and a second compose gets its own panel bound to its own recipients and subject', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openGmail(context, { to: `${ben}|Ben Carter`, cc: chloe, typed: 'isla.mcdonald@contoso', subject: 'Roadmap review' });
    await expect(launchers(page)).toHaveCount(1);
    await page.evaluate((email) => {
      const fixture = (window as unknown as { gmailFixture: { open(spec: unknown): number; people(list: string): unknown } }).gmailFixture;
      fixture.open({ to: fixture.people(email), subject: 'Budget' });
    }, 'omar.haddad@northwind.example');
    await expect(launchers(page)).toHaveCount(2);

    const first = await openPanel(page, 0);
    const people = first.getByRole('list', { name: 'People to meet' });
    await expect(people.getByRole('listitem').filter({ hasText: 'Ben Carter' }).getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    await expect(people.getByRole('button', { name: `Remove ${chloe}` })).toBeVisible();
    await expect(first.getByRole('combobox', { name: 'Participants' })).toHaveValue('isla.mcdonald@contoso');

    const second = await openPanel(page, 1);
    const secondPeople = second.getByRole('list', { name: 'People to meet' });
    await expect(secondPeople.getByRole('button', { name: 'Remove omar.haddad@northwind.example' })).toBeVisible();
    await expect(secondPeople.getByRole('listitem')).toHaveCount(1);
  });

  test('"Insert times" waits out Gmail’s early undo and lands one data-overlap-times block at the cursor, read back from the compose', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    // Gmail undoes every change in the first 4 s: long enough that the first attempt is undone.
    const page = await openGmail(context, { to: ben, subject: 'Roadmap review', undo: '4000' });
    const frame = await openPanel(page);
    await insertTimes(frame, 2);
    await expect(frame.locator('[data-overlap-result]')).toHaveText('Inserted into the email.', { timeout: 15_000 });
    await page.waitForTimeout(500);
    const [compose] = await fixtureComposes(page);
    expect(compose!.bodyHtml.match(/data-overlap-times=/g)).toHaveLength(1);
    // The times follow the browser's language and clock: "10:00–10:30" or "10:00 – 10:30 AM".
    expect(compose!.bodyText).toMatch(/Would one of these times work for you\?\n• .+, \d{1,2}:\d{2}\s?–\s?\d{1,2}:\d{2}(\s[AP]M)? \S+\n• /);
    // The signature is still there, below the inserted times.
    expect(compose!.bodyText.indexOf('-- Ada')).toBeGreaterThan(compose!.bodyText.indexOf('Would one'));
    const block = page.locator('[data-overlap-times] a');
    await expect(block).toHaveCount(0);
  });

  test('a plain-text compose gets the times as plain text, and the panel says so', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openGmail(context, { to: ben, subject: 'Roadmap review', plain: '1' });
    const frame = await openPanel(page);
    await insertTimes(frame, 1);
    await expect(frame.locator('[data-overlap-result]')).toHaveText('Inserted into the email as plain text.', { timeout: 15_000 });
    const [compose] = await fixtureComposes(page);
    expect(compose!.bodyHtml).not.toContain('<div');
    expect(compose!.bodyText).toMatch(/^Would this time work for you\?\n• /);
  });

  test('"Send an invite" books one meeting with the recipients and subject even when Google’s answer was lost and the user clicks twice, then inserts the invitation line', async ({ context, extensionId, sandbox }) => {
    await connectGoogleWithBooking(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openGmail(context, { to: `${ben}|Ben Carter`, cc: chloe, subject: 'Budget review' });
    const frame = await openPanel(page);
    await findTimes(frame);
    await frame.getByRole('button', { name: /^Send an invite / }).first().click();
    const confirm = frame.getByRole('dialog', { name: 'Confirm the meeting' });
    await expect(confirm.getByRole('textbox', { name: 'Title' })).toHaveValue('Budget review');
    // Google writes the event but its answer is lost, and the user clicks twice before the panel re-renders.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    await confirm.getByRole('button', { name: 'Book meeting' }).evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    await expect(frame.getByRole('dialog', { name: 'Meeting booked' })).toBeVisible({ timeout: 30_000 });
    const events = googlePartnerEvents(sandbox);
    expect(events.map((event) => event.summary)).toEqual(['Budget review']);
    expect(events[0]?.attendees?.map((attendee) => attendee.email).sort()).toEqual([ben, chloe]);

    await expect(frame.locator('[data-overlap-result]')).toHaveText('Inserted into the email.', { timeout: 15_000 });
    const line = page.locator('[data-overlap-invite]');
    await expect(line).toHaveCount(1);
    await expect(line).toContainText(/^Invitation sent for /);
    await expect(line.getByRole('link')).toHaveAttribute('href', /^https:\/\//);
    // Inserting again sends the same block: the compose keeps one line, and nothing is booked again.
    await frame.getByRole('dialog', { name: 'Meeting booked' }).getByRole('button', { name: 'Done' }).click();
    await frame.getByRole('button', { name: 'Insert it again' }).click();
    await expect(frame.locator('[data-overlap-result]')).toHaveText('Inserted into the email.', { timeout: 15_000 });
    await expect(line).toHaveCount(1);
    expect(googlePartnerEvents(sandbox)).toHaveLength(1);
  });

  test('a subject and a display name holding markup stay text in the panel and in what Overlap inserts, and run no script', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const hostile = '<img src=x onerror="window.pwned=1">';
    const page = await openGmail(context, { to: `${ben}|${hostile}Ben`, subject: `${hostile}Plan` });
    const frame = await openPanel(page);
    await expect(frame.locator('img')).toHaveCount(0);
    await expect(frame.getByRole('list', { name: 'People to meet' })).toContainText(`${hostile}Ben`);
    await insertTimes(frame, 1);
    await expect(frame.locator('[data-overlap-result]')).toBeVisible({ timeout: 15_000 });
    await expect(frame.locator('img')).toHaveCount(0);
    expect(await page.locator('[data-overlap-times] img, [data-overlap-times] [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await frame.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test('the German compose is found, and an inline reply reached by SPA navigation gets its own launcher', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openGmail(context, { hl: 'de', to: ben, subject: 'Planung' });
    await expect(launchers(page)).toHaveCount(1);
    await page.evaluate(() => (location.hash = '#thread/abc'));
    await expect(launchers(page)).toHaveCount(2);
    // The thread view (and its reply) comes before the compose windows in the page.
    const reply = await openPanel(page, 0);
    await expect(reply.getByRole('list', { name: 'People to meet' }).getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    await insertTimes(reply, 1);
    await expect(reply.locator('[data-overlap-result]')).toHaveText('Inserted into the email.', { timeout: 15_000 });
    const composes = await fixtureComposes(page);
    expect(composes.find((compose) => compose.kind === 'reply')!.bodyHtml).toContain('data-overlap-times');
    expect(composes.find((compose) => compose.kind === 'dialog')!.bodyHtml).not.toContain('data-overlap-times');
    await page.evaluate(() => (location.hash = '#inbox'));
    await expect(launchers(page)).toHaveCount(1);
  });

  test('a compose whose anchors are gone switches the panel off and the popup says so', async ({ context, extensionId, serviceWorker }) => {
    const page = await openGmail(context, { variant: 'changed', to: ben, subject: 'Plan' });
    await healthRecorded(serviceWorker);
    await expect(launchers(page)).toHaveCount(0);
    const popup = await openExtensionPage(context, extensionId, 'popup.html');
    await expect(popup.getByText('Gmail inline panel unavailable: the page changed')).toBeVisible();
  });
});

/** Waits until the background holds an "unavailable" verdict for Gmail. */
async function healthRecorded(serviceWorker: Worker) {
  await expect
    .poll(() => serviceWorker.evaluate(async () => ((await chrome.storage.session.get('overlap.siteHealth'))['overlap.siteHealth'] as { gmail?: { state: string } } | undefined)?.gmail?.state), { timeout: 10_000 })
    .toBe('unavailable');
}
