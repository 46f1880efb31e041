import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { DRAFT_STORAGE_KEY, readDraft, type Draft } from '@/lib/ui/draft';

/**
 * The popup's draft in the extension's session storage. A popup's own `sessionStorage` dies with
 * the popup, which closes whenever focus leaves it; `storage.session` lives until the browser
 * quits and never touches the disk.
 *
 * Reading starts after the first paint and never blocks it; `restored` tells when the stored
 * draft (if any) has been handed over, and nothing is written before that so an empty form cannot
 * overwrite a draft that is still being read.
 */
export function useSessionDraft(current: Draft, onRestore: (draft: Draft) => void): { restored: boolean } {
  const [restored, setRestored] = useState(false);
  const restoreRef = useRef(onRestore);
  restoreRef.current = onRestore;

  useEffect(() => {
    let live = true;
    browser.storage.session
      .get(DRAFT_STORAGE_KEY)
      .then((items) => {
        const draft = readDraft(items[DRAFT_STORAGE_KEY]);
        if (live && draft) restoreRef.current(draft);
      })
      // A draft that cannot be read is only a convenience lost; the popup works without it.
      .catch(() => undefined)
      .finally(() => live && setRestored(true));
    return () => {
      live = false;
    };
  }, []);

  const serialized = JSON.stringify(current);
  useEffect(() => {
    // Written on every change, not debounced: the popup can close between two keystrokes.
    if (restored) void browser.storage.session.set({ [DRAFT_STORAGE_KEY]: JSON.parse(serialized) as Draft }).catch(() => undefined);
  }, [serialized, restored]);

  return { restored };
}
