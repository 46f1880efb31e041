import { restrictSessionAreaToTrustedContexts } from '@/lib/auth/token-vault';
import { createRouter } from '@/lib/messaging/router';
import { listenForMessages, ownSenderIdentity } from '@/lib/messaging/listen';
import { createHandlers, describeError } from './handlers';
import { servicesOnDemand } from './services';

export default defineBackground(() => {
  // First, before any token is stored: content scripts must never read storage.session.
  void restrictSessionAreaToTrustedContexts().catch((error: unknown) => console.error('Overlap: could not keep storage.session from content scripts', error));
  // The listener must be registered in the worker's first turn; the database opens on first use.
  const route = createRouter(createHandlers(servicesOnDemand()), {
    ...ownSenderIdentity(),
    describeError,
    onHandlerError: (type, error) => console.error(`Overlap: handling "${type}" failed`, error),
  });
  listenForMessages(route);
});
