import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogle, connectMicrosoft, firstSlotWhen, jack, openPopup, resultsHeading, searchFor } from './helpers';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';
const isla = 'isla.mcdonald@contoso.example';
/** Tokyo: Hiro's working day ends before Jack's starts in Los Angeles. */
const hiro = 'hiro.tanaka@contoso.example';

test.describe('finding times when not everything goes well', () => {
  test('people whose working days never overlap get "No time fits" with the reasons and the nearest misses', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectMicrosoft(permissions, sandbox, jack);

    const popup = await openPopup(context, extensionId);
    await searchFor(popup, [hiro], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText('No time fits');
    const why = popup.getByRole('region', { name: 'Why nothing fits' });
    await expect(why.getByRole('listitem').first()).toBeVisible();
    await expect(why.getByRole('heading', { name: 'Nearly worked' })).toBeVisible();
    await expect(why).toContainText('Try more days, a shorter meeting, or making someone optional.');
    await expect(popup.getByRole('button', { name: /^Book / })).toHaveCount(0);
  });

  test('when Microsoft fails for good, the Google people keep their answers and the Microsoft person is marked unknown', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);
    // More failures than the client's retries: Graph is down for this whole search.
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/getSchedule' }, times: 10, fault: { kind: 'status', status: 503 } });
    sandbox.log.clear();

    const popup = await openPopup(context, extensionId);
    await popup.getByRole('combobox', { name: 'Organizer account' }).selectOption({ label: `${ana} (Google)` });
    await searchFor(popup, [ben, chloe, isla], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);

    const when = await firstSlotWhen(popup);
    await popup.getByRole('button', { name: `Who and when, ${when}` }).click();
    const everyone = popup.getByRole('list', { name: `Everyone’s local time for ${when}` });
    await expect(everyone.getByRole('listitem').filter({ hasText: isla })).toContainText('calendar unknown');
    for (const person of [ana, ben, chloe]) await expect(everyone.getByRole('listitem').filter({ hasText: person })).toContainText('free');
    await expect(popup.getByText(/could not be read \(Microsoft did not answer/).first()).toBeVisible();

    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([200]);
    expect(sandbox.log.list({ target: 'graph', pathIncludes: '/getSchedule' }).every((entry) => entry.status === 503)).toBe(true);
  });

  test('a rate-limited free/busy call is retried after the wait Google asks for, and the search succeeds without the user doing anything', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1, reason: 'rateLimitExceeded' } });
    sandbox.log.clear();

    const popup = await openPopup(context, extensionId);
    await searchFor(popup, [ben, chloe], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await expect(popup.getByText('Everyone is free').first()).toBeVisible();
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([429, 200]);

    // The activity list shows both calls, the refused one included.
    await permissions.reload();
    const activity = permissions.locator('table.ledger tbody tr').filter({ hasText: 'POST /freeBusy' });
    await expect(activity).toHaveCount(2);
    await expect(activity.filter({ hasText: '429' })).toHaveCount(1);
  });
});
