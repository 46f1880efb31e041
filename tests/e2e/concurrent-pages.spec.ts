import type { Locator, Page } from '@playwright/test';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, confirmBestTime, connectGoogleWithBooking, googlePartnerEvents, openPopup, resultsHeading, searchFor } from './helpers';

/**
 * Two popups and the permissions page open at once, as a user with several windows has them:
 * settings saved from both popups at the same moment, and a booking in one popup and a search in
 * the other while the permissions page disconnects the account they use.
 */

const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];

async function openSettings(popup: Page): Promise<Locator> {
  await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings', exact: true }).click();
  return popup.getByRole('region', { name: 'Settings' });
}

const numberField = (settings: Locator, label: string) => settings.getByRole('spinbutton', { name: label, exact: true });

test('two popups and the permissions page at once: both popups’ settings are kept, and no request carries the token a concurrent disconnect revoked', async ({ context, extensionId, sandbox }) => {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectGoogleWithBooking(context, permissions);
  const [first, second] = [await openPopup(context, extensionId), await openPopup(context, extensionId)];

  // Both forms open on the same saved preferences; each changes a different field, and both save at once.
  const [firstSettings, secondSettings] = [await openSettings(first), await openSettings(second)];
  await numberField(firstSettings, 'Default duration').fill('45');
  await numberField(secondSettings, 'Buffer after').fill('10');
  await Promise.all([firstSettings.getByRole('button', { name: 'Save settings' }).click(), secondSettings.getByRole('button', { name: 'Save settings' }).click()]);
  for (const settings of [firstSettings, secondSettings]) await expect(settings.getByText('Settings saved. New searches use them.')).toBeVisible();
  const third = await openPopup(context, extensionId);
  const kept = await openSettings(third);
  await expect(numberField(kept, 'Default duration')).toHaveValue('45');
  await expect(numberField(kept, 'Buffer after')).toHaveValue('10');
  await third.close();

  // One popup books with a Meet link that stays pending for four reads (7.5 s of polling), so the
  // booking is still polling for it when the disconnect starts.
  sandbox.google.conference.pendingGets = 4;
  for (const popup of [first, second]) await popup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Find a time', exact: true }).click();
  const { dialog } = await confirmBestTime(first, colleagues, 'Handover');
  await dialog.getByRole('radio', { name: 'Google Meet' }).check();
  sandbox.log.clear();
  await dialog.getByRole('button', { name: 'Book meeting' }).click();
  await expect.poll(() => sandbox.log.list({ target: 'google-calendar', method: 'POST', pathIncludes: '/events' }).length).toBe(1);

  // The other popup searches just as Google stops taking Ana's token: the search renews it
  // silently, and Google is slow to confirm the new one, so the renewal is under way when the
  // disconnect starts. A token renewed then and sent after the revoke is what must never happen.
  sandbox.google.expireTokens(ana);
  sandbox.faults.inject({ target: 'google-identity', match: { method: 'POST', pathIncludes: '/tokeninfo' }, times: 1, fault: { kind: 'slowAnswer', ms: 4_000 } });
  await searchFor(second, ['dev.patel@northwind.example'], { minutes: 30 });
  await expect.poll(() => sandbox.faults.pending().length, { intervals: [20] }).toBe(0);

  await permissions.getByRole('button', { name: `Disconnect ${ana}` }).click();
  await permissions.getByRole('alertdialog', { name: `Disconnect ${ana}?` }).getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(permissions.getByText(new RegExp(`^Disconnected ${ana.replace(/\./g, '\\.')}\\.`))).toBeVisible();
  // Both popups stopped: their calls are over, whatever they met.
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(resultsHeading(second).or(second.getByRole('alert').first())).toBeVisible();

  const requests = sandbox.log.list();
  const revokes = requests.filter((entry) => entry.target === 'google-identity' && entry.path.endsWith('/revoke'));
  const calendarCalls = requests.filter((entry) => entry.target === 'google-calendar');
  const withRevokedToken = requests.filter((entry) => entry.credential === 'revoked');
  console.log(
    `concurrent pages: ${calendarCalls.length} Calendar calls after the booking was sent, the last at #${Math.max(...calendarCalls.map((entry) => entry.seq))}; ` +
      `revoke at #${revokes[0]?.seq} (${revokes[0]?.status}); requests with a revoked token: ${withRevokedToken.length}`,
  );
  expect(withRevokedToken.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([]);
  expect(revokes.map((entry) => entry.status)).toEqual([200]);
  // The disconnect waited for the calls in flight and sent nothing for the account after it.
  expect(calendarCalls.every((entry) => entry.seq < revokes[0]!.seq)).toBe(true);
  // The booking's next call was refused before it left, and the popup says why.
  await expect(dialog.getByRole('alert')).toContainText(`${ana} is being disconnected, so Overlap sends no more requests for it.`);
  const handovers = googlePartnerEvents(sandbox).filter((event) => event.summary === 'Handover');
  expect(handovers).toHaveLength(1);
});
