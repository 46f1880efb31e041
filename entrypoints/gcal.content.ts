import { contextPause, extensionPorts } from '@/lib/sites/core/extension-ports';
import { startInlinePanel } from '@/lib/sites/core/inline-panel';
import { createGcalAdapter } from '@/lib/sites/gcal/adapter';

/**
 * Google Calendar's inline panel: wiring only. The adapter reads and writes the event form; the
 * panel (an extension page in an iframe) does everything privileged by asking the background
 * itself. This script may only report page context and the adapter's health: the background
 * refuses it every other message.
 */
export default defineContentScript({
  matches: ['https://calendar.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startInlinePanel(ctx, createGcalAdapter(contextPause(ctx)), extensionPorts(ctx, 'gcal'));
  },
});
