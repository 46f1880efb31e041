import { formatList, plural, t, uiLocale } from '@/lib/i18n';
import { dateTimeFormat, hourStyle } from '@/lib/i18n/formatters';
import type { PartnerMeeting } from '@/lib/meetings/types';
import type { Slot } from '@/lib/schedule';
import type { InsertBlock } from '../core/types';

/**
 * What Overlap writes into an email: the times it proposes and the "invitation sent" line, as
 * plain strings (the content script turns them into DOM with textContent). Pure functions: no
 * DOM, no browser, so the zones, DST days and the plain-text form are unit-tested here.
 */

/** How many ranked times the user may tick for "Insert times": enough to choose from, short enough to read. */
export const MAX_INSERTED_TIMES = 3;

/**
 * The sender's language and its clock (24-hour in German): the sender writes the rest of the
 * message in it, so the inserted lines read as part of it.
 */
function day(instant: string, zone: string): string {
  return dateTimeFormat(uiLocale(), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }).format(Date.parse(instant));
}

/** The language's clock: "09:00" where it counts 24 hours, "9:00 AM" where it counts 12. */
function clockFormat(zone: string): Intl.DateTimeFormat {
  return dateTimeFormat(uiLocale(), { hour: hourStyle(uiLocale()), minute: '2-digit', timeZone: zone });
}

/** "Thu, Dec 3, 2026, 10:00 – 10:30 AM Europe/Berlin" / "Do., 3. Dez. 2026, 10:00–10:30 Europe/Berlin"; a meeting that ends on another local day names both days. */
export function timeInZone(slot: { start: string; end: string }, zone: string): string {
  const [startDay, endDay] = [day(slot.start, zone), day(slot.end, zone)];
  const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
  const clock = clockFormat(zone);
  const range = startDay === endDay ? `${startDay}, ${clock.formatRange(start, end)}` : `${startDay}, ${clock.format(start)} – ${endDay}, ${clock.format(end)}`;
  return `${range} ${zone}`;
}

/** Recipients whose own zone Overlap learned from their calendar, grouped by zone, the organizer's left out. */
function recipientZones(slot: Slot, organizerZone: string): Map<string, string[]> {
  const zones = new Map<string, string[]>();
  for (const person of slot.participants) {
    if (!person.timeZoneFromCalendar || person.timeZone === organizerZone) continue;
    zones.set(person.timeZone, [...(zones.get(person.timeZone) ?? []), person.name ?? person.email]);
  }
  return zones;
}

/** The "Insert times" block: one line per time, in the organizer's zone, then each recipient zone Overlap knows. */
export function timesBlock(id: string, slots: readonly Slot[], organizerZone: string): InsertBlock {
  const lines = slots.map((slot) => {
    const elsewhere = [...recipientZones(slot, organizerZone)].map(([zone, people]) => ` (${t('gmail_timeElsewhere', { time: timeInZone(slot, zone), people: formatList(people) })})`);
    return { text: `• ${timeInZone(slot, organizerZone)}${elsewhere.join('')}` };
  });
  return { id, kind: 'times', lines: [{ text: plural('gmail_timesIntro', slots.length) }, ...lines] };
}

/** The line after "Send an invite": the booked time, and the event's link when it is https. */
export function invitationBlock(id: string, meeting: Pick<PartnerMeeting, 'start' | 'end' | 'timeZone' | 'eventUrl'>): InsertBlock {
  const href = meeting.eventUrl && /^https:\/\//.test(meeting.eventUrl) ? meeting.eventUrl : undefined;
  return { id, kind: 'invite', lines: [{ text: t('gmail_invitationSent', { time: timeInZone(meeting, meeting.timeZone) }), ...(href ? { href } : {}) }] };
}

/** The block as a plain-text compose keeps it: one line each, a link after its words. */
export function plainTextOf(block: InsertBlock): string {
  return block.lines.map((line) => (line.href ? `${line.text}: ${line.href}` : line.text)).join('\n');
}
