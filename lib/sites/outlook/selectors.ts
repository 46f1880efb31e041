import { byLabels, type Candidate } from '../core/selectors';

/**
 * Every anchor the Outlook on the web adapter relies on, for every language, in one place. Each
 * field lists its candidates in order: id or data attribute → role structure → localized label.
 *
 * Checked against — honestly, only:
 * - the public sources sites.md names for Outlook: the title placeholder "Add title", the
 *   attendee wells' aria-labels "Invite required attendees" / "optional", the location input
 *   `#location-suggestions-picker-input`, the body `div[role=textbox][contenteditable=true]`,
 *   comboboxes for start and end, chips `span[data-lpc-hover-target]` (low confidence), and the
 *   compose deep link;
 * - the fixture pages in tests/sites/outlook (dialog and full-page form, English and German, the
 *   "changed" variant). The German labels, the date and time comboboxes' labels and formats, and
 *   where a chip keeps its address were verified nowhere else: Outlook is the least documented
 *   of the three sites, so treat them as a hypothesis to check against the real page.
 */

const labels = {
  title: ['Add title', 'Titel hinzufügen'],
  required: ['Invite required attendees', 'Erforderliche Teilnehmer einladen'],
  optional: ['Invite optional attendees', 'Optionale Teilnehmer einladen'],
  startDate: ['Start date', 'Startdatum'],
  startTime: ['Start time', 'Startzeit'],
  endDate: ['End date', 'Enddatum'],
  endTime: ['End time', 'Endzeit'],
  location: ['Add a location', 'Ort hinzufügen'],
  body: ['Message body', 'Nachrichtentext'],
  save: ['Save', 'Send', 'Speichern', 'Senden'],
} as const;

export const outlookSelectors = {
  /** The full-page form's addresses (also under a mailbox index such as `/calendar/0/…`). */
  fullPagePath: /\/calendar(?:\/\d+)?\/(?:action|deeplink)\/compose/,
  dialogs: '[role="dialog"]',
  fullPageRoot: ['[role="main"]'],
  title: [...labels.title.map((label) => `input[placeholder="${label}"]`), ...byLabels('input', labels.title)] as Candidate[],
  requiredInput: byLabels('[contenteditable="true"]', labels.required) as Candidate[],
  optionalInput: byLabels('[contenteditable="true"]', labels.optional) as Candidate[],
  /** A chip: Outlook's people-card hover target, else any element labelled with an address. */
  chips: ['span[data-lpc-hover-target]', '[aria-label*="@"]'],
  startDate: byLabels('input[role="combobox"]', labels.startDate) as Candidate[],
  startTime: byLabels('input[role="combobox"]', labels.startTime) as Candidate[],
  endDate: byLabels('input[role="combobox"]', labels.endDate) as Candidate[],
  endTime: byLabels('input[role="combobox"]', labels.endTime) as Candidate[],
  location: ['#location-suggestions-picker-input', ...byLabels('input', labels.location)] as Candidate[],
  body: [...byLabels('div[role="textbox"][contenteditable="true"]', labels.body), 'div[role="textbox"][contenteditable="true"]'] as Candidate[],
  /** The launcher goes right after Outlook's own Save (or Send) button. */
  launcherAnchor: byLabels('button', labels.save) as Candidate[],
};

export type OutlookLanguage = 'en' | 'de';

export function languageOf(document: Document): OutlookLanguage {
  return document.documentElement.lang.toLowerCase().startsWith('de') ? 'de' : 'en';
}

const pad = (value: number) => String(value).padStart(2, '0');
const dateParts = (date: string) => date.split('-').map(Number) as [number, number, number];

/**
 * How a typed date and time must look for Outlook's comboboxes to parse them, per interface
 * language (en-US: 12/3/2026 and 2:30 PM; de: 3.12.2026 and 14:30).
 */
export const outlookFormats: Record<OutlookLanguage, { date(date: string): string; time(time: string): string }> = {
  en: {
    date: (date) => {
      const [year, month, day] = dateParts(date);
      return `${month}/${day}/${year}`;
    },
    time: (time) => {
      const [hours, minutes] = time.split(':').map(Number) as [number, number];
      return `${((hours + 11) % 12) + 1}:${pad(minutes)} ${hours < 12 ? 'AM' : 'PM'}`;
    },
  },
  de: {
    date: (date) => {
      const [year, month, day] = dateParts(date);
      return `${day}.${month}.${year}`;
    },
    time: (time) => time,
  },
};

/** Reads a date Outlook shows ("Thu 12/3/2026", "Do 03.12.2026") back as `YYYY-MM-DD`: a slash is month first, a dot day first. */
export function parseShownDate(text: string): string | undefined {
  const match = text.match(/(\d{1,2})([/.])(\d{1,2})\2(\d{4})/);
  if (!match) return undefined;
  const [month, day] = match[2] === '/' ? [match[1], match[3]] : [match[3], match[1]];
  return `${match[4]}-${pad(Number(month))}-${pad(Number(day))}`;
}
