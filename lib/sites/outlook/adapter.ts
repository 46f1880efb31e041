import { emailIn, findAll, findFirst, parseShownTime } from '../core/selectors';
import type { Detection, DraftPerson, SiteAdapter, SiteForm } from '../core/types';
import { applyWallClock, readWallClock, type Pause } from '../core/write';
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
  const clock = { ...fields, shownDate, shownTime };
  return {
    root,
    launcherAnchor,
    readDraft() {
      const required = readWell(requiredInput, false);
      const optional = readWell(findFirst(root, selectors.optionalInput), true);
      // A whole address typed among the optional attendees joins them as optional; any other typed text stays text to finish.
      const typedOptional = emailIn(optional.typed);
      if (typedOptional) optional.people.push({ email: typedOptional, optional: true });
      const pendingText = [required.typed, typedOptional ? '' : optional.typed].filter(Boolean).join(', ');
      // Someone in both wells (or twice in one) is one participant, as required as their first chip says.
      const attendees = [...required.people, ...optional.people].filter((person, index, all) => all.findIndex((other) => other.email === person.email) === index);
      return { title: fields.title.value.trim(), attendees, pendingText, ...readWallClock(clock) };
    },
    apply: (write) =>
      applyWallClock(write, clock, outlookFormats[languageOf(root.ownerDocument)], { location, description: body, separator: '; ' }, pause),
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
