/**
 * Every user-visible string comes from the browser's own message files, public/_locales/<lang>/
 * messages.json, English being the default. They are the one source because the browser needs
 * them anyway (the manifest's name and description) and because content scripts can read them
 * through `i18n.getMessage` without carrying a catalogue in their 15,000-byte budget.
 *
 * Messages name their values in braces, "Booked {title} for {when}", rather than the browser's
 * `$1` placeholders: braces have no meaning to the browser, so `getMessage` hands them over
 * untouched and the same text works where no browser is (Node tests, the bench). A plural has one
 * key per CLDR category (`slotsFound_one`, `slotsFound_other`), chosen with Intl.PluralRules.
 *
 * This module is the thin layer between the code and `browser.i18n`: nothing else calls it.
 */
import { browser } from 'wxt/browser';
import { listFormat, numberFormat, pluralRules } from './formatters';
import type english from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;
/** Keys that exist in several plural forms, named without the form: `slotsFound`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;
export type MessageValues = Record<string, string | number>;

export type MessageFile = Record<string, { message: string; description?: string }>;

interface MessageSource {
  message(key: string): string;
  locale(): string;
}

const browserSource: MessageSource = {
  // WXT types getMessage for the browser's own @@ keys only; ours are checked as MessageKey above.
  message: (key) => browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0]),
  locale: () => browser.i18n.getUILanguage(),
};

let source: MessageSource = browserSource;

/**
 * Reads messages from a message file instead of the browser: for Node, where there is no
 * browser, for Chrome's offscreen document, which has no `browser.i18n` (./message-file.ts),
 * and for tests that check a second language. Returns a function that restores the previous
 * source.
 */
export function useMessageFile(file: MessageFile, locale: string): () => void {
  const previous = source;
  source = { message: (key) => file[key]?.message ?? '', locale: () => locale };
  return () => {
    source = previous;
  };
}

/** The language the browser shows its own interface in, which Overlap follows: "de", "en-GB". */
export function uiLocale(): string {
  return source.locale();
}

/**
 * Templates split once into literal text (even indexes) and value names (odd ones): the engine
 * fills thousands of messages per search, and a regular expression with a callback per fill
 * was a third of the cost of wording a slot. Bounded by the message files' size.
 */
const compiledTemplates = new Map<string, string[]>();

function compiled(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    compiledTemplates.set(template, parts);
  }
  return parts;
}

function fill(template: string, values: MessageValues | undefined): string {
  if (!values) return template;
  const parts = compiled(template);
  let text = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    text += (name in values ? String(values[name]) : `{${name}}`) + (parts[i + 1] as string);
  }
  return text;
}

/**
 * The message `key` in the browser's language, with `{name}` replaced by `values.name`. A key
 * the message file lacks comes back as the key itself, so a gap shows up instead of a blank.
 */
export function t(key: MessageKey, values?: MessageValues): string {
  const template = source.message(key);
  return template ? fill(template, values) : key;
}

/** The plural form of `key` that `count` takes in the browser's language, `{count}` filled in. */
export function plural(key: PluralKey, count: number, values?: MessageValues): string {
  const form = pluralRules(uiLocale()).select(count);
  const formatted = numberFormat(uiLocale()).format(count);
  const template = source.message(`${key}_${form}`) || source.message(`${key}_other`);
  return template ? fill(template, { count: formatted, ...values }) : key;
}

/** "Ana, Ben and Cleo" / "Ana, Ben und Cleo". */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return listFormat(uiLocale(), { style: 'long', type }).format(items);
}
