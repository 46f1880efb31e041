import type { ApplyOutcome, FormDraft, FormWrite, InsertOutcome, SiteId } from './types';

/**
 * The panel ↔ content-script channel. The panel page (an extension page in an iframe) sends
 * these with `tabs.sendMessage` to the top frame of its own tab; the content script answers.
 *
 * Why extension messaging and not `window.postMessage` or a MessageChannel handed over with it:
 * the host page shares the DOM and the window with the content script, so it can post to the
 * panel's iframe too, and it could race the content script to hand the panel a port of its own.
 * Messages sent through the extension's runtime never pass through the page: the page cannot
 * read them, forge them or answer them. The content script checks that each one comes from an
 * Overlap page, and the panel addresses only its own tab's top frame.
 *
 * What crosses is deliberately small: the form's context goes to the panel, and "write this
 * time and link" comes back. Availability, accounts and tokens never reach the content script;
 * the panel asks the background for them itself.
 */
export type PanelRequest =
  | { overlapPanel: 'context'; formId: string }
  | { overlapPanel: 'apply'; formId: string; write: FormWrite }
  | { overlapPanel: 'close'; formId: string }
  /**
   * Gmail: insert times or an invitation line at the compose's cursor. The block is checked by
   * the one form that inserts (`parseInsertBlock`), so sites without a body do not carry the check.
   */
  | { overlapPanel: 'insert'; formId: string; block: unknown };

export type PanelReply =
  /** `origin`: the host page's, so a fallback link (Outlook's compose deep link) opens on the host the user is on. */
  | { ok: true; site: SiteId; draft: FormDraft; origin: string }
  | { ok: true; outcome: ApplyOutcome }
  | { ok: true; inserted: InsertOutcome }
  | { ok: true }
  | { ok: false; reason: 'form-gone' | 'invalid-request' };

const WALL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WALL_TIME = /^\d{2}:\d{2}$/;
export const HTTPS_URL = /^https:\/\/\S{1,2000}$/;

function isWallTime(value: unknown): boolean {
  const wall = value as { date?: unknown; time?: unknown } | null;
  return typeof wall?.date === 'string' && WALL_DATE.test(wall.date) && typeof wall.time === 'string' && WALL_TIME.test(wall.time);
}

function isLink(value: unknown): boolean {
  if (value === undefined) return true;
  const link = value as { url?: unknown; label?: unknown } | null;
  return typeof link?.url === 'string' && HTTPS_URL.test(link.url) && typeof link.label === 'string' && link.label.length <= 200;
}

/**
 * Checks a request's shape by hand: the content script stays free of zod to stay small, and
 * anything that is not exactly one of the three requests is dropped.
 */
export function parsePanelRequest(raw: unknown): PanelRequest | undefined {
  const request = raw as { overlapPanel?: unknown; formId?: unknown; write?: { start?: unknown; end?: unknown; link?: unknown } } | null;
  if (typeof request?.formId !== 'string' || request.formId.length > 100) return undefined;
  switch (request.overlapPanel) {
    case 'context':
    case 'close':
      return { overlapPanel: request.overlapPanel, formId: request.formId };
    case 'apply': {
      const write = request.write;
      if (!write || !isWallTime(write.start) || !isWallTime(write.end) || !isLink(write.link)) return undefined;
      return { overlapPanel: 'apply', formId: request.formId, write: write as FormWrite };
    }
    case 'insert':
      return { overlapPanel: 'insert', formId: request.formId, block: (raw as { block?: unknown }).block };
    default:
      return undefined;
  }
}

/**
 * Whether a message reached the content script from one of Overlap's own pages: our id, and a
 * page on an extension scheme rather than a web page. (With `use_dynamic_url` the panel's
 * address differs from the extension's own origin, so the scheme is what can be checked.)
 */
export function isFromOwnPage(sender: { id?: string; url?: string }, ownId: string): boolean {
  return sender.id === ownId && /^(chrome|moz|safari-web)-extension:\/\//.test(sender.url ?? '');
}

/** The panel page's address for one form: the form id (a UUID) binds the panel to that form. */
export function panelPath(site: SiteId, formId: string): string {
  return `/panel.html?site=${site}&form=${formId}`;
}
