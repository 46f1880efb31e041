import { openOutlook, outlookForms, panelFrame } from '../e2e/sites';
import { shoot, type DemoRun } from './main-job';

/**
 * The inline panel in the Outlook fixture (served at https://outlook.office.com): open the
 * new-event dialog with a required and an optional attendee, open Overlap's panel from its
 * launcher, find a time, write it into the form, and show the form holding it. Expects Google
 * to be connected already.
 */
export async function driveOutlookPanel({ context, outputDir }: Pick<DemoRun, 'context' | 'outputDir'>): Promise<string[]> {
  const shots: string[] = [];
  console.log('Opening the Outlook fixture and Overlap’s inline panel in its new-event dialog…');
  const page = await openOutlook(context, '/calendar/view/week', { required: 'ben.carter@northwind.example', optional: 'chloe.dubois@northwind.example', title: 'Partner review', start: '2026-12-03T10:00', end: '2026-12-03T10:30' });
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('button', { name: 'New event' }).click();
  await page.locator('[data-overlap-launcher="outlook"]').click();
  const panel = await panelFrame(page, 0, 'outlook');
  await panel.getByRole('button', { name: 'Find times' }).click();
  await panel.getByRole('heading', { name: /times? found$/ }).waitFor({ timeout: 30_000 });
  await shoot(page, outputDir, 'outlook-panel-times', shots);
  await panel.getByRole('button', { name: /^Use this time / }).first().click();
  const result = panel.locator('[data-overlap-result]');
  await result.waitFor();
  const written = (await result.textContent()) ?? '';
  await shoot(page, outputDir, 'outlook-panel-written', shots);
  const [form] = await outlookForms(page);
  return [
    'Inline panel in the Outlook fixture:',
    `  written into the form: ${written}`,
    `  the form now holds: ${form?.startDate} ${form?.startTime}–${form?.endTime} (Outlook saves it with its own Save button)`,
    ...shots.map((file) => `  ${file}`),
  ];
}
