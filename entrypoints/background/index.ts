import { createRouter } from '@/lib/messaging/router';
import { listenForMessages, ownSenderIdentity } from '@/lib/messaging/listen';
import { createHandlers, describeError } from './handlers';
import { createServices, type Services } from './services';

export default defineBackground(() => {
  let services: Promise<Services> | undefined;
  // The listener must be registered in the worker's first turn; the database opens on first use.
  const route = createRouter(createHandlers(() => (services ??= createServices())), {
    ...ownSenderIdentity(),
    describeError,
    onHandlerError: (type, error) => console.error(`Overlap: handling "${type}" failed`, error),
  });
  listenForMessages(route);
});
