import { browser } from 'wxt/browser';

/**
 * Sandbox builds only (wxt.config.ts drops it from production): a content script on the
 * stand-ins' loopback pages that relays a page's request to the background, exactly as a real
 * content script would send it. End-to-end tests use it to prove the background refuses
 * privileged messages from content scripts, whatever they ask, and that a content script cannot
 * read `storage.session`, where the background keeps its tokens.
 */
export default defineContentScript({
  matches: ['http://127.0.0.1/*'],
  main() {
    window.addEventListener('message', (event) => {
      if (event.source !== window) return;
      if (event.data?.overlapProbe === 'read-session') {
        void Promise.resolve()
          .then(() => browser.storage.session.get(null))
          .then(
            (items) => ({ readable: true, keys: Object.keys(items) }),
            (error: unknown) => ({ readable: false, error: String(error) }),
          )
          .then((reply) => window.postMessage({ overlapProbe: 'reply', reply }, '*'));
        return;
      }
      if (event.data?.overlapProbe !== 'request') return;
      void browser.runtime
        .sendMessage(event.data.message)
        .then((reply: unknown) => window.postMessage({ overlapProbe: 'reply', reply }, '*'));
    });
  },
});
