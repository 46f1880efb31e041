import { fixtureComposes, fixtureForms, openCalendar, openGmail, panelFrame } from '../e2e/sites';
import { shoot, type DemoRun } from './main-job';

/**
 * The inline panel in the Google Calendar fixture (served at https://calendar.google.com): open
 * an event editor with two guests, open Overlap's panel from its launcher, find a time, write it
 * into the form, and show the form holding it. Expects Google to be connected already.
 */
export async function driveInlinePanel({ context, outputDir }: Pick<DemoRun, 'context' | 'outputDir'>): Promise<string[]> {
  const shots: string[] = [];
  console.log('Opening the Google Calendar fixture and Overlap’s inline panel in its event editor…');
  const page = await openCalendar(context, 'eventedit', { guests: 'ben.carter@northwind.example,chloe.dubois@northwind.example', title: 'Design review', start: '2026-12-03T10:00', end: '2026-12-03T10:30' });
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.locator('[data-overlap-launcher="gcal"]').click();
  const panel = await panelFrame(page);
  await panel.getByRole('button', { name: 'Find times' }).click();
  await panel.getByRole('heading', { name: /times? found$/ }).waitFor({ timeout: 30_000 });
  await shoot(page, outputDir, 'inline-panel-times', shots);
  await panel.getByRole('button', { name: /^Use this time / }).first().click();
  const result = panel.locator('[data-overlap-result]');
  await result.waitFor();
  const written = (await result.textContent()) ?? '';
  await shoot(page, outputDir, 'inline-panel-written', shots);
  const [form] = await fixtureForms(page);
  return [
    'Inline panel in the Google Calendar fixture:',
    `  written into the form: ${written}`,
    `  the form now holds: ${form?.startDate} ${form?.startTime}–${form?.endTime} (Google Calendar saves it with its own Save button)`,
    ...shots.map((file) => `  ${file}`),
  ];
}

/**
 * The inline panel in the Gmail fixture (served at https://mail.google.com): open a compose to
 * two people, open Overlap's panel from its toolbar, find times, tick two and insert them, and
 * show the compose holding the block. Expects Google to be connected already.
 */
export async function driveGmailPanel({ context, outputDir }: Pick<DemoRun, 'context' | 'outputDir'>): Promise<string[]> {
  const shots: string[] = [];
  console.log('Opening the Gmail fixture and Overlap’s inline panel in a compose…');
  const page = await openGmail(context, { to: 'ben.carter@northwind.example|Ben Carter', cc: 'chloe.dubois@northwind.example', subject: 'Design review' });
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.locator('[data-overlap-launcher="gmail"]').click();
  const panel = await panelFrame(page, 0, 'gmail');
  await panel.getByRole('button', { name: 'Find times' }).click();
  await panel.getByRole('heading', { name: /times? found$/ }).waitFor({ timeout: 30_000 });
  const boxes = panel.getByRole('checkbox', { name: /^Include / });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await shoot(page, outputDir, 'gmail-panel-times', shots);
  await panel.getByRole('button', { name: 'Insert times (2)' }).click();
  await panel.locator('[data-overlap-result]').waitFor({ timeout: 20_000 });
  await shoot(page, outputDir, 'gmail-panel-inserted', shots);
  const [compose] = await fixtureComposes(page);
  return ['Inline panel in the Gmail fixture:', '  inserted into the compose:', ...(compose?.bodyText ?? '').split('\n').map((line) => `    ${line}`), ...shots.map((file) => `  ${file}`)];
}
