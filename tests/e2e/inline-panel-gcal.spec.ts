import type { Frame, Page, Worker } from '@playwright/test';
import { wallTimeIn } from '@/lib/sites/core/panel-plan';
import { contentScriptProbe, expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogle, connectMicrosoft, jack } from './helpers';
import { fixtureForms, openCalendar, panelFrame, serveCalendarFixture, type FixtureForm } from './sites';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';

function launchers(page: Page) {
  return page.locator('[data-overlap-launcher="gcal"]');
}

/** Opens the launcher's panel by keyboard and waits until the find form is there. */
async function openPanel(page: Page, index = 0): Promise<Frame> {
  const launcher = launchers(page).nth(index);
  await expect(launcher).toHaveAccessibleName('Find a time with Overlap');
  await launcher.focus();
  await page.keyboard.press('Enter');
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const frame = await panelFrame(page, index);
  await expect(frame.getByRole('button', { name: 'Find times' })).toBeVisible();
  return frame;
}

/** Finds times in the panel and uses the best one; returns the words of the time chosen. */
async function useBestTime(frame: Frame): Promise<string> {
  await frame.getByRole('button', { name: 'Find times' }).click();
  await expect(frame.getByRole('heading', { name: /^\d+ times? found$/ })).toBeVisible();
  const choose = frame.getByRole('button', { name: /^Use this time / }).first();
  const when = ((await choose.getAttribute('aria-label')) ?? '').replace(/^Use this time\s*/, '');
  await choose.click();
  return when;
}

/** The panel's result names the instants it wrote; the form must hold them on the page's wall clock. */
async function expectFormHoldsResult(page: Page, frame: Frame, form: FixtureForm) {
  const result = frame.locator('[data-overlap-result]');
  const [start, end] = [await result.getAttribute('datetime'), await result.getAttribute('data-end')];
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect({ date: form.startDate, time: form.startTime }).toEqual(wallTimeIn(start!, zone));
  expect({ date: form.endDate, time: form.endTime }).toEqual(wallTimeIn(end!, zone));
}

/** Waits until the background holds a health verdict for Google Calendar. */
async function healthRecorded(serviceWorker: Worker) {
  await expect
    .poll(() => serviceWorker.evaluate(async () => ((await chrome.storage.session.get('overlap.siteHealth'))['overlap.siteHealth'] as { gcal?: { state: string } } | undefined)?.gcal?.state), { timeout: 10_000 })
    .toBe('unavailable');
}

test.describe('the inline panel in Google Calendar', () => {
  test.beforeEach(async ({ context }) => {
    await serveCalendarFixture(context);
  });

  test('a labelled launcher appears in an editor that loads late, and its panel is pre-filled with the chips, the half-typed address, the title and the duration', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'eventedit', { guests: `${ben},${chloe}`, typed: 'isla.mcdonald@contoso', title: 'Roadmap review', start: '2026-12-03T10:00', end: '2026-12-03T10:50' });
    await expect(launchers(page)).toHaveCount(1);
    const frame = await openPanel(page);
    const people = frame.getByRole('list', { name: 'People to meet' });
    await expect(people.getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    await expect(people.getByRole('button', { name: `Remove ${chloe}` })).toBeVisible();
    await expect(frame.getByRole('combobox', { name: 'Participants' })).toHaveValue('isla.mcdonald@contoso');
    await expect(frame.getByRole('spinbutton', { name: 'Custom duration in minutes' })).toHaveValue('50');
  });

  test('a time found against the stand-ins is written into the form, the fixture state holds it, and Done closes the panel', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'eventedit', { guests: ben, start: '2026-12-03T10:00', end: '2026-12-03T10:30' });
    const frame = await openPanel(page);
    const when = await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toHaveText(when);
    const [editor] = await fixtureForms(page);
    await expectFormHoldsResult(page, frame, editor!);
    // The fixture re-renders every field from its state: what the inputs show now is what it took.
    await page.waitForTimeout(400);
    expect(await page.locator('#xStTiIn').inputValue()).toMatch(/^\d{1,2}:\d{2}(am|pm)$/);
    // Done closes the panel and gives the keyboard back to the launcher; the form keeps the time.
    await frame.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('[data-overlap-panel="gcal"]')).toHaveCount(0);
    await expect(launchers(page)).toBeFocused();
    expect((await fixtureForms(page))[0]).toEqual(editor);
  });

  test('the German editor and quick-create dialog are found by their German labels and take German dates and times', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'week', { hl: 'de', quickGuests: ben });
    await page.getByRole('button', { name: 'Erstellen' }).click();
    const frame = await openPanel(page);
    const when = await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toHaveText(when);
    const [dialog] = await fixtureForms(page);
    await expectFormHoldsResult(page, frame, dialog!);
    expect(await page.getByRole('textbox', { name: 'Startzeit' }).inputValue()).toBe(dialog!.startTime);
  });

  test('a Teams link made by the Microsoft account lands in the location and description once, even when written again', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);
    const page = await openCalendar(context, 'eventedit', { guests: ben, title: 'Partner sync' });
    const frame = await openPanel(page);
    await frame.getByRole('checkbox', { name: 'Add a Microsoft Teams link' }).check();
    await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toBeVisible();
    const [meeting] = sandbox.microsoft.readOnlineMeetings(jack);
    const join = meeting?.joinWebUrl ?? '';
    expect(join).toMatch(/^https:\/\/teams\.microsoft\.com\//);

    await frame.getByRole('button', { name: 'Write it again' }).click();
    await expect(frame.getByText('Writing into the form…')).toHaveCount(0);
    await expect(frame.locator('[data-overlap-result]')).toBeVisible();
    const [editor] = await fixtureForms(page);
    expect(editor!.location.split(join)).toHaveLength(2);
    expect(editor!.description.split(join)).toHaveLength(2);
    expect(editor!.description).toContain(`Join the Microsoft Teams meeting: ${join}`);
    // The retry asked createOrGet with the same key: still one meeting.
    expect(sandbox.microsoft.readOnlineMeetings(jack)).toHaveLength(1);
    expect(sandbox.log.list({ target: 'graph' }).filter((entry) => entry.path.endsWith('/onlineMeetings/createOrGet'))).toHaveLength(2);
  });

  test('a Teams link whose answers were lost after Microsoft made it lands once when tried again, and Microsoft holds one meeting', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);
    const page = await openCalendar(context, 'eventedit', { guests: ben, title: 'Partner sync' });
    const frame = await openPanel(page);
    await frame.getByRole('checkbox', { name: 'Add a Microsoft Teams link' }).check();
    // Every answer to createOrGet is lost after the meeting exists, until the client gives up.
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/onlineMeetings/createOrGet' }, times: 10, fault: { kind: 'dropAfterCommit' } });
    await useBestTime(frame);
    await expect(frame.getByText('The Teams link was not made, so nothing was written into the form.')).toBeVisible({ timeout: 30_000 });
    const failure = frame.getByRole('alert');
    await expect(failure).toContainText('Microsoft did not answer');
    expect(sandbox.microsoft.readOnlineMeetings(jack)).toHaveLength(1);
    const [before] = await fixtureForms(page);
    expect(before!.location).toBe('');

    sandbox.faults.clear();
    await failure.getByRole('button').click();
    await expect(frame.locator('[data-overlap-result]')).toBeVisible();
    const join = sandbox.microsoft.readOnlineMeetings(jack)[0]?.joinWebUrl ?? '';
    expect(sandbox.microsoft.readOnlineMeetings(jack)).toHaveLength(1);
    const [editor] = await fixtureForms(page);
    expect(editor!.location).toBe(join);
    expect(editor!.description.split(join)).toHaveLength(2);
  });

  test('the fixture behaves like Calendar: a value set without input events is reverted, and typed text counts only once committed', async ({ context }) => {
    const page = await openCalendar(context, 'eventedit', { title: 'Kept' });
    const title = page.locator('#xTiIn');
    await expect(title).toHaveValue('Kept');
    await title.evaluate((input: HTMLInputElement) => (input.value = 'Set behind its back'));
    await expect(title).toHaveValue('Kept');
    expect((await fixtureForms(page))[0]!.title).toBe('Kept');
    const startTime = page.locator('#xStTiIn');
    await startTime.fill('11:30am');
    expect((await fixtureForms(page))[0]!.startTime).toBe('10:00');
    await startTime.press('Enter');
    expect((await fixtureForms(page))[0]).toMatchObject({ startTime: '11:30', endTime: '12:30' });
  });

  test('a field that refuses the write shows the clipboard fallback naming that field', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'eventedit', { guests: ben, refuse: 'startTime' });
    const frame = await openPanel(page);
    const when = await useBestTime(frame);
    const fallback = frame.getByTestId('write-fallback');
    await expect(fallback).toContainText('Google Calendar did not take the start time');
    await expect(fallback.getByRole('textbox', { name: 'The time to paste' })).toHaveValue(new RegExp(`^${when.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    await expect(frame.locator('[data-overlap-result]')).toHaveCount(0);
    const [editor] = await fixtureForms(page);
    expect(editor!.startTime).toBe('10:00');
  });

  test('the host page cannot read the panel, reach the background, or forge a panel request', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'eventedit', { guests: ben });
    const frame = await openPanel(page);
    const probe = await page.evaluate(async (id) => {
      const iframe = document.querySelector('[data-overlap-panel="gcal"] iframe') as HTMLIFrameElement;
      let panelDocument: string;
      try {
        panelDocument = String(iframe.contentDocument ?? iframe.contentWindow?.document ?? 'none');
      } catch (error) {
        panelDocument = `blocked: ${(error as Error).name}`;
      }
      const chrome = (window as unknown as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome;
      let background: string;
      try {
        background = chrome?.runtime?.sendMessage ? JSON.stringify(await chrome.runtime.sendMessage(id, { type: 'permissions.overview', payload: {} })) : 'no runtime';
      } catch (error) {
        background = `refused: ${(error as Error).message}`;
      }
      // A forged "write this time" posted to the panel and to the page: neither listens to window messages.
      const write = { overlapPanel: 'apply', formId: 'x', write: { start: { date: '2030-01-01', time: '03:00' }, end: { date: '2030-01-01', time: '04:00' } } };
      iframe.contentWindow?.postMessage(write, '*');
      window.postMessage(write, '*');
      return { panelDocument, background, text: document.body.innerText };
    }, extensionId);
    expect(probe.panelDocument).toMatch(/^(null|blocked: SecurityError)$/);
    expect(probe.background).toMatch(/^(no runtime|refused: )/);
    expect(probe.text).not.toContain('Find times');
    await page.waitForTimeout(500);
    const [editor] = await fixtureForms(page);
    expect(editor!.startDate).toBe('2026-12-03');
    await expect(frame.getByRole('button', { name: 'Find times' })).toBeVisible();
  });

  test('an extension reload takes the launcher and the panel away with the old content script', async ({ context, serviceWorker }) => {
    const page = await openCalendar(context, 'eventedit', { guests: ben });
    await launchers(page).click();
    await expect(page.locator('[data-overlap-panel="gcal"]')).toHaveCount(1);
    await serviceWorker.evaluate(() => chrome.runtime.reload());
    await expect(launchers(page)).toHaveCount(0, { timeout: 10_000 });
    await expect(page.locator('[data-overlap-panel="gcal"]')).toHaveCount(0);
  });

  test('each of two open quick-create dialogs gets its own panel, bound to its own guests and its own form', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'week');
    for (const guest of [ben, chloe]) {
      await page.getByRole('button', { name: 'Create' }).click();
      const guests = page.getByRole('textbox', { name: 'Add guests' }).last();
      await guests.fill(guest);
      await guests.press('Enter');
    }
    await expect(launchers(page)).toHaveCount(2);
    const first = await openPanel(page, 0);
    const second = await openPanel(page, 1);
    await expect(first.getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    await expect(first.getByRole('button', { name: `Remove ${chloe}` })).toHaveCount(0);
    await expect(second.getByRole('button', { name: `Remove ${chloe}` })).toBeVisible();
    const when = await useBestTime(second);
    await expect(second.locator('[data-overlap-result]')).toHaveText(when);
    const [dialogA, dialogB] = await fixtureForms(page);
    await expectFormHoldsResult(page, second, dialogB!);
    expect(`${dialogA!.startDate}T${dialogA!.startTime}`).toBe('2026-12-03T10:00');
  });

  test('moving between the grid and the editor shows the launcher only where a form is, and leaves no panel behind', async ({ context }) => {
    const page = await openCalendar(context, 'week', { quickGuests: ben });
    await expect(launchers(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(launchers(page)).toHaveCount(1);
    await launchers(page).click();
    await page.getByRole('button', { name: 'More options' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-viewfamily', 'EVENT_EDIT');
    await expect(page.locator('[data-overlap-panel="gcal"]')).toHaveCount(0);
    await expect(launchers(page)).toHaveCount(1);
    await expect(page.locator('#xSaveBu + [data-overlap-launcher="gcal"]')).toHaveCount(1);
    await page.goBack();
    await expect(page.locator('body')).toHaveAttribute('data-viewfamily', 'EVENT');
    await expect(launchers(page)).toHaveCount(0);
  });

  test('an editor whose anchors are gone gets no launcher, and the popup and permissions page say the panel is unavailable', async ({ context, extensionId, serviceWorker }) => {
    const page = await openCalendar(context, 'eventedit', { variant: 'changed', guests: ben });
    await expect(page.locator('[role="main"]')).toBeVisible();
    await healthRecorded(serviceWorker);
    const popup = await openExtensionPage(context, extensionId, 'popup.html');
    const notice = popup.getByRole('status').filter({ hasText: 'Google Calendar inline panel unavailable: the page changed' });
    await expect(notice).toBeVisible({ timeout: 10_000 });
    await expect(notice.getByRole('link', { name: 'Use the popup instead' })).toBeVisible();
    await expect(launchers(page)).toHaveCount(0);
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await expect(permissions.getByText('Google Calendar inline panel unavailable: the page changed')).toBeVisible();
    await expect(permissions.getByText('the inline panel writes into the form; Google Calendar saves the event')).toBeVisible();
  });

  test('a busy Calendar page records no long task while Overlap watches it and opens its panel', async ({ context }) => {
    const page = await openCalendar(context, 'week', { busy: '1', quickGuests: ben });
    await page.getByRole('button', { name: 'Create' }).click();
    await launchers(page).click();
    await expect(page.locator('[data-overlap-panel="gcal"] iframe')).toBeVisible();
    await page.waitForTimeout(3_000);
    const longTasks = await page.evaluate(() => (window as unknown as { calendarFixture: { longTasks: unknown[] } }).calendarFixture.longTasks);
    expect(longTasks).toEqual([]);
  });

  test('the busy page observer does record a long task when the page itself stalls, so its silence above means something', async ({ context }) => {
    const page = await openCalendar(context, 'week', { busy: '1', stall: '1' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { calendarFixture: { longTasks: { duration: number }[] } }).calendarFixture.longTasks.length), { timeout: 5_000 }).toBeGreaterThan(0);
  });
});

test.describe('inline panel messages from content scripts', () => {
  test('a content script may report its adapter health but is refused the Teams link and the health overview', async ({ context }) => {
    const ask = await contentScriptProbe(context);
    expect(await ask({ type: 'sites.health.report', payload: { site: 'gcal', state: 'ok' } })).toEqual({ ok: true, data: { recorded: true } });
    const teamsLink = { operationKey: '6f1c0a52-7d1c-4a53-9d0e-0c6c1e7e9a11', accountId: `google:${ana}`, title: 'x', start: '2026-12-03T10:00:00Z', end: '2026-12-03T10:30:00Z' };
    for (const message of [{ type: 'inline.teamsLink', payload: teamsLink }, { type: 'sites.health.get', payload: {} }]) {
      expect(await ask(message)).toMatchObject({ ok: false, error: { code: 'forbidden-sender', message: expect.stringContaining('content script') } });
    }
  });
});
