/**
 * The contract every site adapter (Google Calendar, Outlook on the web, Gmail) fulfils, and the
 * only data that crosses between a host page and the panel. Nothing here touches the browser's
 * extension APIs: adapters read and write the host page's DOM, the content script wires them.
 */
import type { MessageKey } from '@/lib/i18n';

export type SiteId = 'gcal' | 'outlook' | 'gmail';

export const siteLabel: Record<SiteId, string> = {
  gcal: 'Google Calendar',
  outlook: 'Outlook',
  gmail: 'Gmail',
};

export interface DraftPerson {
  email: string;
  name?: string;
  /** Outlook's optional attendees; Google Calendar's guests are all required. */
  optional?: boolean;
}

/** What a form holds right now: the page context the panel is pre-filled with. */
export interface FormDraft {
  title: string;
  /** The guests already committed (chips). */
  attendees: DraftPerson[];
  /** What is typed in the guest field but not yet a chip (a half-typed address). */
  pendingText: string;
  /** Wall-clock start and end as the form shows them, `YYYY-MM-DDTHH:mm`, when it has them. */
  start?: string;
  end?: string;
}

/** A local wall-clock time as a form shows it. */
export interface WallTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm`, 24-hour */
  time: string;
}

/** "Write this time and link into the form": the only instruction a panel can give a page. */
export interface FormWrite {
  start: WallTime;
  end: WallTime;
  /** A call link Overlap made (a Teams link on a Google event), for the location and description. */
  link?: { url: string; label: string };
}

/** A field an adapter writes; named in the fallback notice when it refuses the value. */
export type FormField = 'start date' | 'start time' | 'end date' | 'end time' | 'location' | 'description';

export interface ApplyOutcome {
  /** Fields whose read-back showed the value. */
  written: FormField[];
  /** Fields that did not take the value (or could not be found), each with what was expected. */
  refused: { field: FormField; expected: string }[];
}

/**
 * Text Overlap inserts into a message body at the cursor (Gmail compose): short lines, one of
 * them optionally a link. The content script builds the block with DOM APIs from these strings
 * as text, never as markup. `id` makes an insertion idempotent: a block already there is kept.
 */
export interface InsertBlock {
  id: string;
  /** `times`: the block carries `data-overlap-times`; `invite`: `data-overlap-invite`. */
  kind: 'times' | 'invite';
  lines: { text: string; href?: string }[];
}

/**
 * A message from the browser's message files. Content scripts get it bound to `i18n.getMessage`
 * (lib/sites/core/extension-ports.ts) rather than through lib/i18n, whose plurals and lists they
 * do not need within their size budget.
 */
export type SiteText = (key: MessageKey) => string;

/** How an insertion landed: as the HTML block, as its plain text (a plain-text compose), or not at all. */
export type InsertOutcome = { inserted: 'html' | 'text' } | { inserted: false; reason: string };

/** One open event form (the full editor, or a quick-create dialog), bound to its own DOM. */
export interface SiteForm {
  /** The form's root: the panel is bound to it and closes when it leaves the page. */
  readonly root: Element;
  /** Where the launcher goes: it is inserted right after this element. */
  readonly launcherAnchor: Element;
  readDraft(): FormDraft;
  apply(write: FormWrite): Promise<ApplyOutcome>;
  /**
   * Inserts text at the cursor (Gmail's compose body); forms without a body leave it out. The
   * block comes straight from the channel: the form checks it (`parseInsertBlock`) before use.
   */
  insert?(block: unknown): Promise<InsertOutcome>;
}

/** Why an adapter switched itself off for a page; shown on the popup and the permissions page. */
export interface HealthProblem {
  /** The anchors the adapter looked for and did not find. */
  missing: string[];
}

export type Detection = { kind: 'forms'; forms: SiteForm[] } | { kind: 'broken'; problem: HealthProblem };

export interface SiteAdapter {
  readonly site: SiteId;
  /**
   * The element whose subtree changes when forms open and close: the observer watches only this,
   * never the whole document when the page allows better.
   */
  observationRoot(document: Document): Node;
  /**
   * Finds the open forms. `broken` when the page says a form is open (its view, its dialog) but
   * the adapter's anchors are not there: a redesign it does not understand.
   */
  detect(document: Document): Detection;
}
