import type { ApplyOutcome, FormField, FormWrite } from './types';

/**
 * Writing into the host app's controlled fields the way a person does, so the app's own state
 * takes the value: focus, replace the text with `execCommand('insertText')` (which fires the
 * beforeinput/input events frameworks listen to), then commit with change, Enter and blur.
 * A direct `.value` write is what a React app ignores and reverts, so there is no such fallback:
 * when a field does not take the text, the read-back says so and the panel offers the clipboard.
 */
export interface Pause {
  /** Resolves after `ms`; the content script's version stops with the extension context. */
  wait(ms: number): Promise<void>;
}

/** How long a host app may take to re-render (and revert) a field after a write. */
export const SETTLE_MS = 250;

/** Selects a field's whole text (to replace it) or puts the caret at its end (to add to it). */
function place(element: HTMLElement, atEnd: boolean): void {
  if (!atEnd && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) {
    element.select();
    return;
  }
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  if (atEnd) range.collapse(false);
  const selection = element.ownerDocument.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** Types text as a person would, then commits it with change, Enter and blur. */
function type(element: HTMLElement, text: string, atEnd: boolean): void {
  element.focus();
  place(element, atEnd);
  element.ownerDocument.execCommand('insertText', false, text);
  element.dispatchEvent(new Event('change', { bubbles: true }));
  element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  element.blur();
}

/** Replaces a field's text (an input or a contenteditable) as typing would. */
export const replaceText = (element: HTMLElement, text: string): void => type(element, text, false);

/** Adds text at the end of a contenteditable (a description), as typing there would. */
export const appendText = (element: HTMLElement, text: string): void => type(element, text, true);

/** The four wall-clock fields of an event form, and how to read each one's committed value back. */
export interface WallClockFields {
  startDate: HTMLInputElement;
  startTime: HTMLInputElement;
  endDate: HTMLInputElement;
  endTime: HTMLInputElement;
  shownDate(field: HTMLInputElement): string | undefined;
  shownTime(field: HTMLInputElement): string | undefined;
}

/** How a date and a time must be typed for the host app to parse them. */
export interface WallClockFormat {
  date(date: string): string;
  time(time: string): string;
}

/** The form's start and end as it shows them (`YYYY-MM-DDTHH:mm`), each only when both its date and time read back. */
export function readWallClock(clock: WallClockFields): { start?: string; end?: string } {
  const at = (date: HTMLInputElement, time: HTMLInputElement) => {
    const [day, hour] = [clock.shownDate(date), clock.shownTime(time)];
    return day && hour ? `${day}T${hour}` : undefined;
  };
  const [start, end] = [at(clock.startDate, clock.startTime), at(clock.endDate, clock.endTime)];
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** Where a call link goes: the location (after what is there, joined by `separator`) and the description. */
export interface LinkFields {
  location(): HTMLInputElement | undefined;
  description(): HTMLElement | undefined;
  separator: string;
}

/**
 * Writes a time (and a link) into an event form and reads every field back once the app had its
 * chance to re-render and revert what it did not accept. Start before end: the host apps move
 * the end with the start, keeping the duration, so the end written last is the one that stays.
 * A link already in a field is left alone, so a retry never writes it twice.
 */
export async function applyWallClock(write: FormWrite, clock: WallClockFields, format: WallClockFormat, links: LinkFields, pause: Pause): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { written: [], refused: [] };
  const steps = (['start', 'end'] as const).flatMap((edge) => [
    [`${edge} date`, clock[`${edge}Date`], format.date(write[edge].date), write[edge].date, clock.shownDate] as const,
    [`${edge} time`, clock[`${edge}Time`], format.time(write[edge].time), write[edge].time, clock.shownTime] as const,
  ]);
  for (const [, element, text, expected, shown] of steps) if (shown(element) !== expected) replaceText(element, text);
  const link = write.link;
  const place = links.location();
  if (link && place && !place.value.includes(link.url)) replaceText(place, place.value.trim() ? `${place.value.trim()}${links.separator}${link.url}` : link.url);
  const notes = links.description();
  const noteText = notes?.textContent ?? '';
  if (link && notes && !noteText.includes(link.url)) appendText(notes, `${noteText.trim() ? '\n\n' : ''}${link.label}: ${link.url}`);
  await pause.wait(SETTLE_MS);
  const check = (field: FormField, ok: boolean, expected: string) => (ok ? outcome.written.push(field) : outcome.refused.push({ field, expected }));
  for (const [field, element, text, expected, shown] of steps) check(field, shown(element) === expected, text);
  if (link) {
    check('location', !!links.location()?.value.includes(link.url), link.url);
    check('description', !!links.description()?.textContent?.includes(link.url), link.url);
  }
  return outcome;
}
