import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import { formatList, plural, t, uiLocale, useMessageFile, type MessageFile } from '@/lib/i18n';

const localesDir = new URL('../../public/_locales/', import.meta.url);
const languages = readdirSync(localesDir);
const files = Object.fromEntries(
  languages.map((language) => [language, JSON.parse(readFileSync(new URL(`${language}/messages.json`, localesDir), 'utf8')) as MessageFile]),
);

/** The `{name}` values a message expects, sorted, so two languages can be compared. */
function valueNames(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('the message files', () => {
  it('exist for English and German', () => {
    expect(languages.sort()).toEqual(['de', 'en']);
  });

  it.each(languages)('hold in %s exactly the keys English holds, each with the same named values', (language) => {
    const file = files[language]!;
    const keysOf = (messages: MessageFile) => Object.keys(messages).filter((key) => !/_(zero|one|two|few|many)$/.test(key));
    expect(keysOf(file).sort()).toEqual(keysOf(english).sort());
    for (const [key, entry] of Object.entries(english)) {
      if (!file[key]) continue;
      expect({ key, values: valueNames(file[key].message) }).toEqual({ key, values: valueNames(entry.message) });
    }
  });

  it.each(languages)('use in %s only key names and characters the browser accepts', (language) => {
    for (const [key, entry] of Object.entries(files[language]!)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      // `$` starts a browser placeholder; Overlap's messages name values in braces instead.
      expect({ key, message: entry.message }).not.toMatchObject({ message: expect.stringContaining('$') });
    }
  });
});

describe('t', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('fills named values into the message of the current language', () => {
    restore = useMessageFile({ greeting: { message: 'Termin mit {name} am {day}' } }, 'de');
    expect(t('greeting' as never, { name: 'Ana', day: 'Montag' })).toBe('Termin mit Ana am Montag');
    expect(uiLocale()).toBe('de');
  });

  it('shows a key the message file lacks as the key itself, so the gap is visible', () => {
    restore = useMessageFile({}, 'en');
    expect(t('extName')).toBe('extName');
  });

  it('reads the English message file in Node tests', () => {
    expect(t('extName')).toBe('Overlap');
  });
});

describe('plural and formatList', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('picks the plural form the count takes in the language, with the count formatted for it', () => {
    restore = useMessageFile({ people_one: { message: '{count} Person' }, people_other: { message: '{count} Personen' } }, 'de');
    expect(plural('people' as never, 1)).toBe('1 Person');
    expect(plural('people' as never, 1200)).toBe('1.200 Personen');
  });

  it('joins a list with the language’s own conjunction', () => {
    restore = useMessageFile({}, 'de');
    expect(formatList(['Ana', 'Ben', 'Cleo'])).toBe('Ana, Ben und Cleo');
  });
});
