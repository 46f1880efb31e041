import { createRouter } from '@/lib/messaging/router';
import { listenForMessages, ownSenderIdentity } from '@/lib/messaging/listen';
import { browser } from 'wxt/browser';

export default defineBackground(() => {
  const route = createRouter(
    {
      'app.status': async () => ({
        version: browser.runtime.getManifest().version,
        flavor: import.meta.env.MODE === 'sandbox' ? 'sandbox' : 'production',
      }),
    },
    {
      ...ownSenderIdentity(),
      onHandlerError: (type, error) => console.error(`Overlap: handling "${type}" failed`, error),
    },
  );
  listenForMessages(route);
});
