import { byLabels, type Candidate } from '../core/selectors';

/**
 * Every anchor the Google Calendar adapter relies on, for every language, in one place. Each
 * field lists its candidates in order: id or data attribute → role structure → localized label
 * → pattern.
 *
 * Checked against:
 * - the ids and attributes public projects rely on (sites.md: jitsi/jidesha
 *   `calendar/meet-calendar.js`, brave-talk-gcalendar-extension `src/google/calendar.ts`, calcom
 *   companion `googleCalendar.ts`): `body[data-viewfamily]`, `#xTiIn`, `#xLocIn`, `#xDescIn`,
 *   `#xNtList`, `#xStDaIn`/`#xEnDaIn`, `#xStTiIn`/`#xEnTiIn`, `#xSaveBu`, `#tabEvent` in the
 *   quick-create dialog (date/time ids: low confidence there already);
 * - the fixture pages in tests/sites/gcal (English and German editor, quick-create dialog, the
 *   "changed" variant), which is the only place the guest-list and quick-create anchors below
 *   were verified: no public project reads guests from the editor, so those are a hypothesis.
 */

const labels = {
  title: ['Title', 'Add title', 'Titel', 'Titel hinzufügen'],
  startDate: ['Start date', 'Startdatum'],
  startTime: ['Start time', 'Startzeit'],
  endDate: ['End date', 'Enddatum'],
  endTime: ['End time', 'Endzeit'],
  location: ['Add location', 'Location', 'Ort hinzufügen', 'Ort'],
  description: ['Description', 'Add description', 'Beschreibung', 'Beschreibung hinzufügen'],
  guests: ['Guests', 'Gäste'],
  addGuests: ['Add guests', 'Gäste hinzufügen'],
  save: ['Save', 'Speichern'],
} as const;

export const gcalSelectors = {
  /** `EVENT_EDIT` is the full editor; `EVENT` the grid, where the quick-create dialog opens. */
  editorView: 'body[data-viewfamily="EVENT_EDIT"]',
  /**
   * Calendar swaps its main area for the editor and appends dialogs to the body (`#yDmH0d` is
   * the body Google's apps render into), so that subtree is the narrowest root that sees both;
   * the debounce keeps a busy grid to one cheap scan per burst (`npm run bench`).
   */
  observationRoot: ['#yDmH0d', 'body'],
  editorRoot: [(root: ParentNode) => root.querySelector('#xTiIn')?.closest('[role="main"]'), '[role="main"]'] as Candidate[],
  quickDialogs: ['[role="dialog"]:has(#tabEvent)'],
  title: ['#xTiIn', ...byLabels('input', labels.title)] as Candidate[],
  startDate: ['#xStDaIn', ...byLabels('input', labels.startDate)] as Candidate[],
  startTime: ['#xStTiIn', ...byLabels('input', labels.startTime)] as Candidate[],
  endDate: ['#xEnDaIn', ...byLabels('input', labels.endDate)] as Candidate[],
  endTime: ['#xEnTiIn', ...byLabels('input', labels.endTime)] as Candidate[],
  location: ['#xLocIn input[role="combobox"]', '#xLocIn input', ...byLabels('input', labels.location)] as Candidate[],
  description: ['#xDescIn [role="textbox"]', ...byLabels('[role="textbox"]', labels.description)] as Candidate[],
  guestList: ['#xGstList', ...byLabels('[role="list"]', labels.guests)] as Candidate[],
  /** A guest chip: an address in a data attribute, else an address in its label. */
  guestChips: ['[data-email]', '[data-hovercard-id]', '[role="listitem"][aria-label*="@"]'],
  guestInput: ['#xGstIn input', ...byLabels('input', labels.addGuests)] as Candidate[],
  /** The launcher goes right after Google's own Save button, else after the notifications list. */
  launcherAnchor: ['#xSaveBu', ...byLabels('button', labels.save), '#xNtList'] as Candidate[],
};

export type GcalLanguage = 'en' | 'de';

/**
 * How a typed date and time must look for Calendar to parse them, per interface language (the
 * `lang` of the page). Calendar re-renders what it parsed, which is what the read-back checks.
 */
export const gcalFormats: Record<GcalLanguage, { date(date: string): string; time(time: string): string }> = {
  en: {
    date: (date) => {
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]} ${day}, ${year}`;
    },
    time: (time) => {
      const [hours, minutes] = time.split(':').map(Number) as [number, number];
      return `${((hours + 11) % 12) + 1}:${String(minutes).padStart(2, '0')}${hours < 12 ? 'am' : 'pm'}`;
    },
  },
  de: {
    date: (date) => {
      const [year, month, day] = date.split('-');
      return `${day}.${month}.${year}`;
    },
    time: (time) => time,
  },
};

export function languageOf(document: Document): GcalLanguage {
  return document.documentElement.lang.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Reads a time Calendar shows ("2:30pm", "14:30") back as `HH:mm`; undefined when it is not one. */
export function parseShownTime(text: string): string | undefined {
  const match = text.trim().toLowerCase().match(/^(\d{1,2}):(\d{2})\s*(am|pm)?$/);
  if (!match) return undefined;
  let hours = Number(match[1]);
  if (match[3] === 'pm' && hours < 12) hours += 12;
  if (match[3] === 'am' && hours === 12) hours = 0;
  return hours < 24 ? `${String(hours).padStart(2, '0')}:${match[2]}` : undefined;
}

/** A date field's committed value: `data-date` (`YYYYMMDD`) as `YYYY-MM-DD`. */
export function parseDataDate(value: string | null): string | undefined {
  const match = value?.match(/^(\d{4})(\d{2})(\d{2})$/);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
