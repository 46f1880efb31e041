import { contextPause, extensionPorts, extensionText } from '@/lib/sites/core/extension-ports';
import { startInlinePanel } from '@/lib/sites/core/inline-panel';
import { createGmailAdapter } from '@/lib/sites/gmail/adapter';

/**
 * Gmail compose's inline panel: wiring only, with no Gmail scope. The adapter reads the open
 * compose (recipients, subject) and inserts text at its cursor; the panel does everything
 * privileged by asking the background itself. This script may only report page context and the
 * adapter's health: the background refuses it every other message.
 */
export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const adapter = createGmailAdapter(contextPause(ctx), extensionText);
    ctx.addEventListener(document, 'selectionchange', () => adapter.rememberSelection(document));
    startInlinePanel(ctx, adapter, extensionPorts(ctx, 'gmail'));
  },
});
