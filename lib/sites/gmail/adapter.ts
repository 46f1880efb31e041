import { parseInsertBlock } from '../core/insert-block';
import { emailIn, findAll, findFirst } from '../core/selectors';
import type { Detection, DraftPerson, InsertBlock, InsertOutcome, SiteAdapter, SiteForm, SiteText } from '../core/types';
import { SETTLE_MS, type Pause } from '../core/write';
import { gmailSelectors as selectors } from './selectors';

/**
 * Gmail undoes body edits made right after a compose opens (InboxSDK #752): nothing is inserted
 * before a compose has been open this long, and an insertion that was undone is tried again.
 */
export const COMPOSE_SETTLE_MS = 1_500;
const INSERT_ATTEMPTS = 8;
const RETRY_MS = 750;

type FieldName = 'subject' | 'body' | 'launcherAnchor';
/** What a compose cannot work without; the health check names the ones it did not find. */
const REQUIRED: readonly FieldName[] = ['subject', 'body', 'launcherAnchor'];

export interface GmailAdapter extends SiteAdapter {
  /** Keeps the last caret inside a compose body, so an insertion lands where the user left it. */
  rememberSelection(document: Document): void;
}

interface Clock {
  now(): number;
}

function readRecipients(root: Element): { people: DraftPerson[]; typed: string[] } {
  const people = new Map<string, DraftPerson>();
  const typed: string[] = [];
  for (const field of Object.values(selectors.recipientFields)) {
    const box = findFirst(root, field);
    if (!box) continue;
    for (const chip of findAll(box, selectors.chips)) {
      const email = emailIn(chip.getAttribute('data-hovercard-id'));
      const name = chip.getAttribute('data-name')?.trim();
      if (email) people.set(email, name && name !== email ? { email, name } : { email });
    }
    const text = findFirst<HTMLInputElement>(box, selectors.typing)?.value.trim();
    if (text) typed.push(text);
  }
  return { people: [...people.values()], typed };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The block as DOM, every string set as text: a subject or name holding markup stays characters. */
function blockElement(document: Document, block: InsertBlock): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute(block.kind === 'times' ? 'data-overlap-times' : 'data-overlap-invite', block.id);
  for (const line of block.lines) {
    const row = element.appendChild(document.createElement('div'));
    row.textContent = line.text;
    if (!line.href) continue;
    row.append(': ');
    const link = row.appendChild(document.createElement('a'));
    link.href = line.href;
    link.textContent = line.href;
  }
  return element;
}

function gmailForm(root: Element, launcherAnchor: Element, subject: HTMLInputElement, body: () => HTMLElement | undefined, openedAt: number, caret: WeakMap<Element, Range>, pause: Pause, clock: Clock, words: SiteText): SiteForm {
  /** Where the block is now: as itself, as its text only (a plain-text compose flattened it), or gone. */
  function landed(block: InsertBlock): InsertOutcome | undefined {
    const target = body();
    if (!target) return undefined;
    const attribute = block.kind === 'times' ? 'data-overlap-times' : 'data-overlap-invite';
    if ([...target.querySelectorAll(`[${attribute}]`)].some((element) => element.getAttribute(attribute) === block.id)) return { inserted: 'html' };
    const text = squash(target.innerText ?? target.textContent ?? '');
    return block.lines.every((line) => text.includes(squash(line.href ? `${line.text}: ${line.href}` : line.text))) ? { inserted: 'text' } : undefined;
  }

  function insertOnce(block: InsertBlock): void {
    const target = body();
    if (!target) return;
    const document = target.ownerDocument;
    target.focus();
    const saved = caret.get(target);
    const range = saved && target.contains(saved.startContainer) ? saved : document.createRange();
    // No caret in this body yet: the top, above a reply's quoted text and the signature.
    if (range !== saved) range.setStart(target, 0);
    const element = blockElement(document, block);
    range.insertNode(element);
    range.setStartAfter(element);
    range.collapse(true);
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    target.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }

  return {
    root,
    launcherAnchor,
    readDraft() {
      const { people, typed } = readRecipients(root);
      return { title: subject.value.trim(), attendees: people, pendingText: typed.join(', ') };
    },
    // A compose has no start and end fields: Gmail's panel inserts text instead.
    apply: async () => ({ written: [], refused: [{ field: 'description', expected: words('gmail_noEventFields') }] }),
    async insert(raw) {
      const block = parseInsertBlock(raw);
      if (!block) return { inserted: false, reason: words('gmail_insertMalformed') };
      const early = openedAt + COMPOSE_SETTLE_MS - clock.now();
      if (early > 0) await pause.wait(early);
      for (let attempt = 0; attempt < INSERT_ATTEMPTS; attempt++) {
        // Idempotent: a block already there (an earlier attempt, a retried request) is not added twice.
        if (!landed(block)) insertOnce(block);
        // Read back only once Gmail had its chance to undo the edit.
        await pause.wait(SETTLE_MS);
        const outcome = landed(block);
        if (outcome) return outcome;
        await pause.wait(RETRY_MS);
      }
      return { inserted: false, reason: words(body() ? 'gmail_insertUndone' : 'gmail_noBody') };
    },
  };
}

/**
 * Gmail compose: every compose window, pop-out, full-screen compose and inline reply is a form
 * of its own, bound to its own recipients. A compose whose anchors are missing means the page
 * changed: the adapter reports it instead of guessing.
 */
export function createGmailAdapter(pause: Pause, words: SiteText, clock: Clock = Date): GmailAdapter {
  const firstSeen = new WeakMap<Element, number>();
  const caret = new WeakMap<Element, Range>();
  return {
    site: 'gmail',
    observationRoot: (document) => findFirst(document, selectors.observationRoot) ?? document.body,
    rememberSelection(document) {
      const range = document.getSelection()?.rangeCount ? document.getSelection()!.getRangeAt(0) : undefined;
      const start = range?.startContainer;
      const element = start instanceof Element ? start : start?.parentElement;
      const target = element?.closest('[contenteditable="true"]');
      if (range && target) caret.set(target, range.cloneRange());
    },
    detect(document): Detection {
      const forms: SiteForm[] = [];
      const missing = new Set<string>();
      const roots = new Set<Element>();
      for (const marker of findAll(document, selectors.composeMarker)) {
        const root = selectors.composeRoot.map((selector) => marker.closest(selector)).find(Boolean);
        if (root) roots.add(root);
      }
      for (const root of roots) {
        const found = Object.fromEntries(REQUIRED.map((name) => [name, findFirst(root, selectors[name])])) as Record<FieldName, Element | undefined>;
        const lacking = REQUIRED.filter((name) => !found[name]);
        if (lacking.length) {
          lacking.forEach((name) => missing.add(name));
          continue;
        }
        if (!firstSeen.has(root)) firstSeen.set(root, clock.now());
        const body = () => findFirst<HTMLElement>(root, selectors.body);
        forms.push(gmailForm(root, found.launcherAnchor!, found.subject as HTMLInputElement, body, firstSeen.get(root)!, caret, pause, clock, words));
      }
      return missing.size ? { kind: 'broken', problem: { missing: [...missing] } } : { kind: 'forms', forms };
    },
  };
}
