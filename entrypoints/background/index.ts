import { createRouter } from '@/lib/messaging/router';
import { listenForMessages, ownSenderIdentity } from '@/lib/messaging/listen';
import { createHandlers, describeError } from './handlers';
import { servicesOnDemand } from './services';

export default defineBackground(() => {
  // The listener must be registered in the worker's first turn; the database opens on first use.
  const route = createRouter(createHandlers(servicesOnDemand()), {
    ...ownSenderIdentity(),
    describeError,
    onHandlerError: (type, error) => console.error(`Overlap: handling "${type}" failed`, error),
  });
  listenForMessages(route);
});
