import { describe, expect, it } from 'vitest';
import { fetchMessageFile } from './message-file';

const files: Record<string, unknown> = {
  'ext:/_locales/en/messages.json': { hello: { message: 'Hello' } },
  'ext:/_locales/de/messages.json': { hello: { message: 'Hallo' } },
};
const urlOf = (path: string) => `ext:${path}`;
const fetchFile = async (url: string) => ({ ok: url in files, json: async () => files[url] });

describe('the message file of a page without browser.i18n', () => {
  it('is the base language’s when the browser names a region the extension has no folder for', async () => {
    expect(await fetchMessageFile('de-DE', urlOf, fetchFile)).toEqual({ file: { hello: { message: 'Hallo' } }, locale: 'de-DE' });
  });

  it('is English, spoken as English, for a language the extension does not have', async () => {
    expect(await fetchMessageFile('fr-FR', urlOf, fetchFile)).toEqual({ file: { hello: { message: 'Hello' } }, locale: 'en' });
  });

  it('falls through a fetch that fails outright', async () => {
    const failing = async (url: string) => (url.includes('/de/') ? Promise.reject(new TypeError('Failed to fetch')) : fetchFile(url));
    expect((await fetchMessageFile('de', urlOf, failing)).locale).toBe('en');
  });
});
