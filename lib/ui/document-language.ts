import { uiLocale } from '@/lib/i18n';

/**
 * Marks an extension page with the language its text is in, so screen readers pronounce it in
 * that language and the browser hyphenates and picks fonts for it. The HTML says "en" until
 * this runs, which is before the first render.
 */
export function setDocumentLanguage(doc: Document = document): void {
  doc.documentElement.lang = uiLocale();
}
