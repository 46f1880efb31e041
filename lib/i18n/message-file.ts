import type { MessageFile } from './index';

/**
 * Fetches the message file for `language` ("de-DE") from the extension's own _locales folder,
 * for a page without `browser.i18n`: Chrome's offscreen document, where MSAL runs, has only
 * `runtime`. Tries the language as the browser names it, then its base language, then English,
 * the manifest's default, as `i18n.getMessage` itself falls back.
 */
export async function fetchMessageFile(
  language: string,
  urlOf: (path: string) => string,
  fetchFile: (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }> = fetch,
): Promise<{ file: MessageFile; locale: string }> {
  const [base = 'en', region] = language.split(/[-_]/);
  const folders = [...(region ? [`${base}_${region.toUpperCase()}`] : []), base.toLowerCase(), 'en'];
  for (const folder of folders) {
    const answer = await fetchFile(urlOf(`/_locales/${folder}/messages.json`)).catch(() => undefined);
    if (answer?.ok) return { file: (await answer.json()) as MessageFile, locale: folder === 'en' && base !== 'en' ? 'en' : language };
  }
  throw new Error(`No message file for ${language} or English`);
}
