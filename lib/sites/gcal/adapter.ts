import { emailIn, findAll, findFirst } from '../core/selectors';
import type { Detection, DraftPerson, SiteAdapter, SiteForm } from '../core/types';
import { applyWallClock, readWallClock, type Pause } from '../core/write';
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
  const clock = { ...fields, shownDate, shownTime };
  return {
    root,
    launcherAnchor,
    readDraft() {
      const pendingText = findFirst<HTMLInputElement>(root, selectors.guestInput)?.value.trim() ?? '';
      return { title: fields.title.value.trim(), attendees: readGuests(root), pendingText, ...readWallClock(clock) };
    },
    apply: (write) =>
      applyWallClock(write, clock, gcalFormats[languageOf(root.ownerDocument)], { location, description: description, separator: ', ' }, pause),
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
