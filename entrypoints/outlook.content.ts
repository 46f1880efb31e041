import { contextPause, extensionPorts } from '@/lib/sites/core/extension-ports';
import { startInlinePanel } from '@/lib/sites/core/inline-panel';
import { createOutlookAdapter } from '@/lib/sites/outlook/adapter';

/**
 * Outlook on the web's inline panel: wiring only, on the three hosts Outlook runs on. The adapter
 * reads and writes the new-event form; the panel asks the background for everything privileged.
 * This script may only report page context and the adapter's health: the background refuses it
 * every other message.
 */
export default defineContentScript({
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startInlinePanel(ctx, createOutlookAdapter(contextPause(ctx)), extensionPorts(ctx, 'outlook'));
  },
});
