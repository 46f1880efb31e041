import { browser } from 'wxt/browser';
import { DRAFT_STORAGE_KEY, type Draft } from '@/lib/ui/draft';
import type { DraftStorage } from '@/lib/ui/find/use-draft-persistence';

/**
 * The popup's draft in the extension's session storage. A popup's own `sessionStorage` dies with
 * the popup, which closes whenever focus leaves it; `storage.session` lives until the browser
 * quits and never touches the disk.
 */
export const sessionDraftStorage: DraftStorage = {
  read: async () => (await browser.storage.session.get(DRAFT_STORAGE_KEY))[DRAFT_STORAGE_KEY],
  write: (draft: Draft) => browser.storage.session.set({ [DRAFT_STORAGE_KEY]: draft }),
};
