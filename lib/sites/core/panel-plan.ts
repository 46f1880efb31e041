import { t } from '@/lib/i18n';
import type { FormDraft, FormWrite, WallTime } from './types';

// A link's words are meeting_teamsLinkLabel / meeting_meetLinkLabel, the ones meetings booked by
// Overlap carry too (lib/meetings/provider-bookings.ts).

/** An instant as the wall clock of `timeZone` shows it. */
export function wallTimeIn(instant: string, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(Date.parse(instant))
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * What to write into the form for a chosen time. The form shows times in the zone the host app
 * runs in, which is the browser's; the panel may show them in another (the organizer's).
 */
export function formWriteFor(slot: { start: string; end: string }, formTimeZone: string, link?: string, label = t('meeting_teamsLinkLabel')): FormWrite {
  return {
    start: wallTimeIn(slot.start, formTimeZone),
    end: wallTimeIn(slot.end, formTimeZone),
    ...(link ? { link: { url: link, label } } : {}),
  };
}

/** The minutes between a form's start and end (both wall-clock in one zone), when it has both. */
export function formDuration(draft: Pick<FormDraft, 'start' | 'end'>): number | undefined {
  if (!draft.start || !draft.end) return undefined;
  const minutes = (Date.parse(`${draft.end}:00Z`) - Date.parse(`${draft.start}:00Z`)) / 60_000;
  return Number.isFinite(minutes) && minutes >= 5 && minutes <= 1440 ? minutes : undefined;
}

/** The clipboard's text when a write is refused: the time as words, then the link. */
export function fallbackText(when: string, timeZone: string, link?: string, label = t('meeting_teamsLinkLabel')): string {
  return [`${when} (${timeZone})`, link && `${label}: ${link}`].filter(Boolean).join('\n');
}
