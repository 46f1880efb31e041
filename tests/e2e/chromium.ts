import { chromium, type BrowserContext } from '@playwright/test';
import path from 'node:path';

/** The built extension under test; `npm test` (and `npm run demo`) build the sandbox flavour first. */
export const extensionDir = path.resolve(process.env.OVERLAP_EXTENSION_DIR ?? '.output/chrome-mv3-sandbox');
const chromiumPath = process.env.OVERLAP_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that let Debian's Chromium run headless as root on a machine with no network; the
 * background-networking ones stop it from dialling Google at every start. The Microsoft identity
 * stand-in serves HTTPS with a self-signed certificate, as MSAL demands, hence the last one.
 */
function chromiumArgs(): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ];
}

export interface LaunchOptions {
  headless?: boolean;
  /** An IANA zone the browser (and so the organizer) lives in. */
  timezoneId?: string;
  viewport?: { width: number; height: number };
  /**
   * The language Chromium shows its interface in, and so the one chrome.i18n gives Overlap:
   * "de-DE". Linux builds take it from the LANGUAGE variable (with Debian's chromium-l10n
   * installed), other systems from --lang; the page locale makes navigator.language agree.
   */
  uiLanguage?: string;
}

/** Debian's Chromium with the sandbox build of Overlap loaded, on a profile of its own. */
export async function launchWithExtension(userDataDir: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: options.headless ?? true,
    timezoneId: options.timezoneId,
    viewport: options.viewport,
    ...(options.uiLanguage
      ? { locale: options.uiLanguage, env: { ...process.env, LANGUAGE: options.uiLanguage.replace('-', '_') }, args: [...chromiumArgs(), `--lang=${options.uiLanguage}`] }
      : { args: chromiumArgs() }),
  });
}
