import { emailIn, findAll, findFirst, parseShownTime } from '../core/selectors';
import type { ApplyOutcome, Detection, DraftPerson, FormField, SiteAdapter, SiteForm } from '../core/types';
import { appendText, replaceText, SETTLE_MS, type Pause } from '../core/write';
import { languageOf, outlookFormats, outlookSelectors as selectors, parseShownDate } from './selectors';

type FieldName = 'title' | 'requiredInput' | 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'launcherAnchor';

/** What a form cannot work without; the health check names the ones it did not find. */
const REQUIRED: readonly FieldName[] = ['title', 'requiredInput', 'startDate', 'startTime', 'endDate', 'endTime', 'launcherAnchor'];

type Fields = Record<Exclude<FieldName, 'launcherAnchor' | 'requiredInput'>, HTMLInputElement>;

/** The chips next to an attendee well's typing box, and what is typed there but not yet a chip. */
function readWell(input: Element | undefined, optional: boolean): { people: DraftPerson[]; typed: string } {
  if (!input?.parentElement) return { people: [], typed: '' };
  const people = findAll(input.parentElement, selectors.chips).flatMap((chip) => {
    const email = emailIn(chip.getAttribute('aria-label') ?? chip.textContent);
    const name = chip.textContent?.trim();
    return email ? [{ email, ...(name && name !== email ? { name } : {}), optional }] : [];
  });
  return { people, typed: input.textContent?.trim() ?? '' };
}

const shownDate = (field: HTMLInputElement) => parseShownDate(field.value);
const shownTime = (field: HTMLInputElement) => parseShownTime(field.value);

function outlookForm(root: Element, launcherAnchor: Element, requiredInput: Element, fields: Fields, pause: Pause): SiteForm {
  const location = () => findFirst<HTMLInputElement>(root, selectors.location);
  const body = () => findFirst<HTMLElement>(root, selectors.body);
  const wallClock = (date: HTMLInputElement, time: HTMLInputElement) => {
    const [day, clock] = [shownDate(date), shownTime(time)];
    return day && clock ? `${day}T${clock}` : undefined;
  };
  return {
    root,
    launcherAnchor,
    readDraft() {
      const required = readWell(requiredInput, false);
      const optional = readWell(findFirst(root, selectors.optionalInput), true);
      // A half-typed optional address that is already whole joins as optional; any other text stays text to finish.
      const typedOptional = emailIn(optional.typed);
      const people = new Map<string, DraftPerson>();
      for (const person of [...required.people, ...optional.people, ...(typedOptional ? [{ email: typedOptional, optional: true }] : [])]) if (!people.has(person.email)) people.set(person.email, person);
      const pendingText = [required.typed, typedOptional ? '' : optional.typed].filter(Boolean).join(', ');
      const start = wallClock(fields.startDate, fields.startTime);
      const end = wallClock(fields.endDate, fields.endTime);
      return { title: fields.title.value.trim(), attendees: [...people.values()], pendingText, ...(start ? { start } : {}), ...(end ? { end } : {}) };
    },
    async apply(write) {
      const format = outlookFormats[languageOf(root.ownerDocument)];
      const outcome: ApplyOutcome = { written: [], refused: [] };
      // Start before end: Outlook moves the end with the start, keeping the duration, so the end written last stays.
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
      if (link && place && !place.value.includes(link.url)) replaceText(place, place.value.trim() ? `${place.value.trim()}; ${link.url}` : link.url);
      const notes = body();
      const noteText = notes?.textContent ?? '';
      if (link && notes && !noteText.includes(link.url)) appendText(notes, `${noteText.trim() ? '\n\n' : ''}${link.label}: ${link.url}`);
      await pause.wait(SETTLE_MS);
      const check = (field: FormField, ok: boolean, expected: string) => (ok ? outcome.written.push(field) : outcome.refused.push({ field, expected }));
      for (const [field, element, text, expected, shown] of steps) check(field, shown(element) === expected, text);
      if (link) {
        check('location', !!location()?.value.includes(link.url), link.url);
        check('description', !!body()?.textContent?.includes(link.url), link.url);
      }
      return outcome;
    },
  };
}

function lookUp(root: Element, pause: Pause): { form: SiteForm } | { missing: string[] } {
  const found = Object.fromEntries(REQUIRED.map((name) => [name, findFirst(root, selectors[name])])) as Record<FieldName, Element | undefined>;
  const missing = REQUIRED.filter((name) => !found[name]);
  if (missing.length) return { missing };
  const { launcherAnchor, requiredInput, ...fields } = found as Record<FieldName, Element>;
  return { form: outlookForm(root, launcherAnchor, requiredInput, fields as Fields, pause) };
}

/**
 * Outlook on the web: the new-event form as a dialog over the calendar (any dialog holding an
 * event title) and as the full-page form (its compose address). A full-page address whose form
 * lacks the anchors, or an event dialog missing any, means the page changed: the adapter says so
 * instead of guessing.
 */
export function createOutlookAdapter(pause: Pause): SiteAdapter {
  return {
    site: 'outlook',
    // The body: the dialog renders in Fluent UI's portal layer beside the app root, not inside it.
    observationRoot: (document) => document.body,
    detect(document): Detection {
      const roots: Element[] = [...document.querySelectorAll(selectors.dialogs)].filter((dialog) => findFirst(dialog, selectors.title));
      const missing = new Set<string>();
      if (selectors.fullPagePath.test(document.location.pathname)) {
        // The full-page form renders late: until then its anchors are missing, which the core's grace period allows for.
        const page = findFirst(document, selectors.fullPageRoot);
        if (page) roots.push(page);
        else missing.add('form');
      }
      const forms: SiteForm[] = [];
      for (const root of roots) {
        const result = lookUp(root, pause);
        if ('form' in result) forms.push(result.form);
        else result.missing.forEach((name) => missing.add(name));
      }
      return missing.size ? { kind: 'broken', problem: { missing: [...missing] } } : { kind: 'forms', forms };
    },
  };
}
