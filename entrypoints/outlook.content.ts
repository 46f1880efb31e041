import { runInlinePanel } from '@/lib/sites/core/browser-ports';
import { createOutlookAdapter } from '@/lib/sites/outlook/adapter';

/**
 * Outlook on the web's inline panel: wiring only, on the three hosts Outlook runs on. The adapter
 * reads and writes the new-event form; the panel asks the background for everything privileged.
 */
export default defineContentScript({
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runInlinePanel(ctx, createOutlookAdapter);
  },
});
