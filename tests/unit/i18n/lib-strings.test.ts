import { afterEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';
import { useMessageFile, type MessageFile } from '@/lib/i18n';
import { features, scopeCatalog } from '@/lib/auth/scopes';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Each text a catalog entry shows, read in the language `file` speaks. */
function textsIn(file: MessageFile, locale: string): string[] {
  restore = useMessageFile(file, locale);
  const texts = [
    ...scopeCatalog.flatMap((entry) => [entry.label, entry.allows, entry.why, entry.never]),
    ...features.flatMap((feature) => [feature.title, feature.summary]),
  ];
  restore();
  restore = undefined;
  return texts;
}

describe('the scope catalog', () => {
  it('has, for every scope and feature, its own text in English and in German', () => {
    const inEnglish = textsIn(english, 'en');
    const inGerman = textsIn(german, 'de');
    expect(inEnglish).toHaveLength(scopeCatalog.length * 4 + features.length * 2);
    for (const [index, text] of inEnglish.entries()) {
      // A text the message file lacks comes back as its key.
      expect(text).not.toMatch(/^(scope|feature)_/);
      expect(inGerman[index]).not.toMatch(/^(scope|feature)_/);
      expect({ index, german: inGerman[index] }).not.toEqual({ index, german: text });
    }
  });

  it('reads its texts in the language of the moment, not the one it was built in', () => {
    const freeBusy = scopeCatalog.find((entry) => entry.scope.endsWith('calendar.events.freebusy'))!;
    expect(freeBusy.why).toBe('To find times when you and the people you invite are all free.');
    restore = useMessageFile(german, 'de');
    expect(freeBusy.why).toBe('Um Zeiten zu finden, zu denen Sie und die Eingeladenen alle frei sind.');
    expect(features.find((feature) => feature.id === 'book-meetings')!.title).toBe('Termine buchen');
  });
});
