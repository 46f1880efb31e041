import { byLabels, type Candidate } from '../core/selectors';

/**
 * Every anchor the Gmail compose adapter relies on, for every language, in one place. Each field
 * lists its candidates in order: name or data attribute → role structure → localized label.
 *
 * Checked against (honestly, no more than this):
 * - the public sources in sites.md: InboxSDK `gmail-compose-view/page-parser.ts`,
 *   `get-recipients.ts`, `insert-html-at-cursor.ts` and gmail.js `src/gmail.js` (#654, #719):
 *   `input[name=composeid]`, `input[name=subjectbox]`, `.anm[name=to|cc]` with
 *   `[role=option][data-hovercard-id]` chips and the `input[role=combobox][aria-autocomplete=list]`
 *   typing box, the body `.Ap [g_editable=true]`, the compose's bottom toolbar `.btC` and its send
 *   button `.aoO`, the compose containers (dialog, `.aSt` full screen, `.M9` inside an inline reply);
 * - the fixture pages in tests/sites/gmail (English and German, several composes, inline reply,
 *   pop-out, plain text, the "changed" variant), which is the only place the German labels and
 *   the toolbar order were verified: they are a hypothesis about the real site.
 */

const labels = {
  subject: ['Subject', 'Betreff'],
  body: ['Message Body', 'Nachrichtentext'],
  send: ['Send', 'Senden'],
  to: ['To recipients', 'To', 'An-Empfänger', 'An'],
  cc: ['Cc recipients', 'Cc', 'Cc-Empfänger'],
} as const;

/** A send button's tooltip starts with its word ("Send ‪(Ctrl-Enter)‬"), in each language. */
const sendByTooltip = labels.send.map((word) => `[role="button"][data-tooltip^="${word}"]`);

export const gmailSelectors = {
  /** Gmail's app root; the observer watches it (composes open and close inside), the body when it is missing. */
  observationRoot: ['body > div[jsaction]', 'body'],
  /** A compose's hidden id: one per compose window, inline reply or pop-out. */
  composeMarker: ['input[name="composeid"]', 'input[name="draft"]'],
  /** The element a compose's panel binds to, nearest first from its id: the dialog, the full-screen compose, the inline reply's box, the bare form. */
  composeRoot: ['[role="dialog"]', '.aSt', '.M9', 'form'],
  subject: ['input[name="subjectbox"]', ...byLabels('input', labels.subject)] as Candidate[],
  body: ['.Ap [g_editable="true"]', 'div[contenteditable="true"][role="textbox"]', ...byLabels('div[contenteditable="true"]', labels.body)] as Candidate[],
  /** To and Cc, each: its field, its chips, its typing box. */
  recipientFields: {
    to: ['.anm[name="to"]', ...byLabels('[role="listbox"]', labels.to).map((selector) => `:has(> ${selector})`)],
    cc: ['.anm[name="cc"]', ...byLabels('[role="listbox"]', labels.cc).map((selector) => `:has(> ${selector})`)],
  },
  chips: ['[role="option"][data-hovercard-id]', '[data-hovercard-id]'],
  typing: ['input[role="combobox"][aria-autocomplete="list"]', 'input[role="combobox"]'],
  /** The launcher goes right after the send button, in the compose's bottom toolbar. */
  launcherAnchor: ['.btC .aoO[role="button"]', ...sendByTooltip.map((selector) => `.btC ${selector}`), ...sendByTooltip, ...byLabels('[role="button"]', labels.send)] as Candidate[],
};
