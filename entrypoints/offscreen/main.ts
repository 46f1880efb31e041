import { browser } from 'wxt/browser';
import { useMessageFile } from '@/lib/i18n';
import { fetchMessageFile } from '@/lib/i18n/message-file';
import { MsalHost } from '@/lib/auth/msal-host';
import { MSAL_PORT_NAME, serveMsalHost, type MsalClientConfig } from '@/lib/auth/offscreen-protocol';

// The offscreen document exists only to give MSAL a DOM. It listens to nothing but the port it
// opens to the background, so no page or content script can ask it for a token.
// It has no browser.i18n, so its sign-in errors read the message file of the browser's language
// first; the port opens only then, so no call arrives before they can be worded.
void fetchMessageFile(navigator.language, (path) => browser.runtime.getURL(path as '/offscreen.html')).then(({ file, locale }) => {
  useMessageFile(file, locale);
  const port = browser.runtime.connect({ name: MSAL_PORT_NAME });
  let host: { key: string; source: MsalHost } | undefined;
  serveMsalHost(port, (config: MsalClientConfig, launchFlow) => {
    const key = JSON.stringify(config);
    if (host?.key !== key) host = { key, source: new MsalHost(config, launchFlow) };
    return host.source;
  });
});
