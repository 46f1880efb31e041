import { emailIn, findAll, findFirst } from '../core/selectors';
import type { ApplyOutcome, Detection, DraftPerson, FormField, SiteAdapter, SiteForm } from '../core/types';
import { appendText, replaceText, SETTLE_MS, type Pause } from '../core/write';
import { gcalFormats, gcalSelectors as selectors, languageOf, parseDataDate, parseShownTime } from './selectors';

type FieldName = 'title' | 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'launcherAnchor';

/** What a form cannot work without; the health check names the ones it did not find. */
const REQUIRED: readonly FieldName[] = ['title', 'startDate', 'startTime', 'endDate', 'endTime', 'launcherAnchor'];

/** Guests: the chips, by an address in a data attribute or in their label. */
function readGuests(root: Element): DraftPerson[] {
  const list = findFirst(root, selectors.guestList);
  const people = new Map<string, DraftPerson>();
  for (const chip of list ? findAll(list, selectors.guestChips) : []) {
    const email = emailIn(chip.getAttribute('data-email') ?? chip.getAttribute('data-hovercard-id') ?? chip.getAttribute('aria-label'));
    const name = chip.getAttribute('data-name');
    if (email) people.set(email, name ? { email, name } : { email });
  }
  return [...people.values()];
}

type Fields = Record<Exclude<FieldName, 'launcherAnchor'>, HTMLInputElement>;

/** A date field's and a time field's committed values, as the app re-rendered them. */
const shownDate = (field: HTMLInputElement) => parseDataDate(field.getAttribute('data-date'));
const shownTime = (field: HTMLInputElement) => parseShownTime(field.value);

function gcalForm(root: Element, launcherAnchor: Element, fields: Fields, pause: Pause): SiteForm {
  const location = () => findFirst<HTMLInputElement>(root, selectors.location);
  const description = () => findFirst<HTMLElement>(root, selectors.description);
  const wallClock = (date: HTMLInputElement, time: HTMLInputElement) => {
    const [day, clock] = [shownDate(date), shownTime(time)];
    return day && clock ? `${day}T${clock}` : undefined;
  };
  return {
    root,
    launcherAnchor,
    readDraft() {
      const start = wallClock(fields.startDate, fields.startTime);
      const end = wallClock(fields.endDate, fields.endTime);
      const pendingText = findFirst<HTMLInputElement>(root, selectors.guestInput)?.value.trim() ?? '';
      return { title: fields.title.value.trim(), attendees: readGuests(root), pendingText, ...(start ? { start } : {}), ...(end ? { end } : {}) };
    },
    async apply(write) {
      const format = gcalFormats[languageOf(root.ownerDocument)];
      const outcome: ApplyOutcome = { written: [], refused: [] };
      // Start before end: Calendar moves the end with the start, keeping the duration, so the
      // end written last is the one that stays.
      const steps: [FormField, HTMLInputElement, string, string, (field: HTMLInputElement) => string | undefined][] = [
        ['start date', fields.startDate, format.date(write.start.date), write.start.date, shownDate],
        ['start time', fields.startTime, format.time(write.start.time), write.start.time, shownTime],
        ['end date', fields.endDate, format.date(write.end.date), write.end.date, shownDate],
        ['end time', fields.endTime, format.time(write.end.time), write.end.time, shownTime],
      ];
      for (const [, element, text, expected, shown] of steps) if (shown(element) !== expected) replaceText(element, text);
      const link = write.link;
      // Idempotent: a link already in a field is left alone, so a retry never writes it twice.
      const place = location();
      if (link && place && !place.value.includes(link.url)) replaceText(place, place.value.trim() ? `${place.value.trim()}, ${link.url}` : link.url);
      const notes = description();
      const noteText = notes?.textContent ?? '';
      if (link && notes && !noteText.includes(link.url)) appendText(notes, `${noteText.trim() ? '\n\n' : ''}${link.label}: ${link.url}`);
      // Read back only once the app had its chance to re-render and revert what it did not accept.
      await pause.wait(SETTLE_MS);
      const check = (field: FormField, ok: boolean, expected: string) => (ok ? outcome.written.push(field) : outcome.refused.push({ field, expected }));
      for (const [field, element, text, expected, shown] of steps) check(field, shown(element) === expected, text);
      if (link) {
        check('location', !!location()?.value.includes(link.url), link.url);
        check('description', !!description()?.textContent?.includes(link.url), link.url);
      }
      return outcome;
    },
  };
}

function lookUp(root: Element, pause: Pause): { form: SiteForm } | { missing: string[] } {
  const found = Object.fromEntries(REQUIRED.map((name) => [name, findFirst(root, selectors[name])])) as Record<FieldName, Element | undefined>;
  const missing = REQUIRED.filter((name) => !found[name]);
  if (missing.length) return { missing };
  const { launcherAnchor, ...fields } = found as Record<FieldName, Element>;
  return { form: gcalForm(root, launcherAnchor, fields as Fields, pause) };
}

/**
 * Google Calendar: the full editor (`body[data-viewfamily=EVENT_EDIT]`) and any quick-create
 * dialogs, each a form of its own. An editor view or a dialog whose anchors are missing means
 * the page changed: the adapter reports it instead of guessing.
 */
export function createGcalAdapter(pause: Pause): SiteAdapter {
  return {
    site: 'gcal',
    observationRoot: (document) => findFirst(document, selectors.observationRoot) ?? document.body,
    detect(document): Detection {
      const forms: SiteForm[] = [];
      const missing = new Set<string>();
      const roots: Element[] = [];
      if (document.querySelector(selectors.editorView)) {
        const editor = findFirst(document, selectors.editorRoot);
        if (editor) roots.push(editor);
        else missing.add('editor');
      }
      roots.push(...document.querySelectorAll(selectors.quickDialogs[0]!));
      for (const root of roots) {
        const result = lookUp(root, pause);
        if ('form' in result) forms.push(result.form);
        else result.missing.forEach((name) => missing.add(name));
      }
      // One broken form is enough to say the page changed: writing into a half-understood form is worse than none.
      return missing.size ? { kind: 'broken', problem: { missing: [...missing] } } : { kind: 'forms', forms };
    },
  };
}
