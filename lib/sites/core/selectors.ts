/**
 * One field's ordered candidates: ids and data attributes first, then role structure, then
 * localized labels, then a pattern (a function). The first candidate that finds an element
 * wins, so a redesign that drops an id degrades to the next layer instead of to nothing.
 */
export type Candidate = string | ((root: ParentNode) => Element | null | undefined);

export function findFirst<T extends Element = Element>(root: ParentNode, candidates: readonly Candidate[]): T | undefined {
  for (const candidate of candidates) {
    const found = typeof candidate === 'string' ? root.querySelector(candidate) : candidate(root);
    if (found) return found as T;
  }
  return undefined;
}

/** Every element the first matching candidate finds (a list of chips, say). */
export function findAll(root: ParentNode, candidates: readonly string[]): Element[] {
  for (const candidate of candidates) {
    const found = root.querySelectorAll(candidate);
    if (found.length) return [...found];
  }
  return [];
}

/** The same selector for every localized label, e.g. `input[aria-label="Add title"]`. */
export function byLabels(tag: string, labels: readonly string[]): string[] {
  return labels.map((label) => `${tag}[aria-label="${label}"]`);
}

const EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/;

/** The first e-mail address in a text such as an aria-label ("Ada Lovelace, ada@example.com, optional"). */
export function emailIn(text: string | null | undefined): string | undefined {
  return text?.match(EMAIL)?.[0]?.toLowerCase();
}

/** Reads a time a form shows ("2:30pm", "2:30 PM", "14:30") back as `HH:mm`; undefined when it is not one. */
export function parseShownTime(text: string): string | undefined {
  const match = text.trim().toLowerCase().match(/^(\d{1,2}):(\d{2})\s*(am|pm)?$/);
  if (!match) return undefined;
  let hours = Number(match[1]);
  if (match[3] === 'pm' && hours < 12) hours += 12;
  if (match[3] === 'am' && hours === 12) hours = 0;
  return hours < 24 ? `${String(hours).padStart(2, '0')}:${match[2]}` : undefined;
}
