import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';

/** The slice of the browser's identity API the brokers use; tests hand in their own. */
export interface IdentityPort {
  /** `https://<extension-id>.chromiumapp.org/` on Chromium, `https://<sha1 of the add-on id>.extensions.allizom.org/` on Firefox. */
  redirectUrl(): string;
  /** Resolves with the URL the provider redirected to, or rejects when the flow did not finish. */
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
}

export const browserIdentity: IdentityPort = {
  redirectUrl: () => browser.identity.getRedirectURL(),
  async launchWebAuthFlow(url, interactive) {
    // A silent flow may pass through pages that redirect by script; Chromium completes those
    // only when it is told not to abort on the first load. Firefox rejects any detail beyond
    // `url` and `interactive` (its silent flow follows HTTP redirects only).
    const details =
      interactive || import.meta.env.FIREFOX ? { url, interactive } : { url, interactive, abortOnLoadForNonInteractive: false, timeoutMsForNonInteractive: 10_000 };
    const result = await browser.identity.launchWebAuthFlow(details as Parameters<typeof browser.identity.launchWebAuthFlow>[0]);
    if (!result) throw new Error(t('auth_noAnswer'));
    return result;
  },
};
