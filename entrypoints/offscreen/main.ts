import { browser } from 'wxt/browser';
import { MsalHost } from '@/lib/auth/msal-host';
import { MSAL_PORT_NAME, serveMsalHost, type MsalClientConfig } from '@/lib/auth/offscreen-protocol';

// The offscreen document exists only to give MSAL a DOM. It listens to nothing but the port it
// opens to the background, so no page or content script can ask it for a token.
const port = browser.runtime.connect({ name: MSAL_PORT_NAME });

let host: { key: string; source: MsalHost } | undefined;
serveMsalHost(port, (config: MsalClientConfig, launchFlow) => {
  const key = JSON.stringify(config);
  if (host?.key !== key) host = { key, source: new MsalHost(config, launchFlow) };
  return host.source;
});
