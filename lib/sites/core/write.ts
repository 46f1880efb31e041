/**
 * Writing into the host app's controlled fields the way a person does, so the app's own state
 * takes the value: focus, replace the text with `execCommand('insertText')` (which fires the
 * beforeinput/input events frameworks listen to), then commit with change, Enter and blur.
 * A direct `.value` write is what a React app ignores and reverts, so there is no such fallback:
 * when a field does not take the text, the read-back says so and the panel offers the clipboard.
 */
export interface Pause {
  /** Resolves after `ms`; the content script's version stops with the extension context. */
  wait(ms: number): Promise<void>;
}

/** How long a host app may take to re-render (and revert) a field after a write. */
export const SETTLE_MS = 250;

function selectContents(element: HTMLElement): void {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    element.select();
    return;
  }
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  const selection = element.ownerDocument.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function caretAtEnd(element: HTMLElement): void {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  range.collapse(false);
  const selection = element.ownerDocument.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function commit(element: HTMLElement): void {
  element.dispatchEvent(new Event('change', { bubbles: true }));
  element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  element.blur();
}

/** Replaces a field's text (an input or a contenteditable) as typing would. */
export function replaceText(element: HTMLElement, text: string): void {
  element.focus();
  selectContents(element);
  element.ownerDocument.execCommand('insertText', false, text);
  commit(element);
}

/** Adds text at the end of a contenteditable (a description), as typing there would. */
export function appendText(element: HTMLElement, text: string): void {
  element.focus();
  caretAtEnd(element);
  element.ownerDocument.execCommand('insertText', false, text);
  commit(element);
}
