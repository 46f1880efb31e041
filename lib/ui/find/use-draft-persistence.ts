import { useEffect, useRef, useState } from 'react';
import { readDraft, type Draft } from '../draft';

/** Where a host keeps the find form's draft between openings (a thin port over its storage). */
export interface DraftStorage {
  read(): Promise<unknown>;
  write(draft: Draft): Promise<void>;
}

/**
 * Keeps the draft in `storage`, or nowhere when a host passes none (an inline panel starts from
 * its page's form every time).
 *
 * Reading starts after the first paint and never blocks it; `restored` tells when the stored
 * draft (if any) has been handed over, and nothing is written before that so an empty form cannot
 * overwrite a draft that is still being read. `storage` must not change while mounted.
 */
export function useDraftPersistence(current: Draft, storage: DraftStorage | undefined, onRestore: (draft: Draft) => void): { restored: boolean } {
  const [restored, setRestored] = useState(!storage);
  const restoreRef = useRef(onRestore);
  restoreRef.current = onRestore;

  useEffect(() => {
    if (!storage) return;
    let live = true;
    storage
      .read()
      .then((raw) => {
        const draft = readDraft(raw);
        if (live && draft) restoreRef.current(draft);
      })
      // A draft that cannot be read is only a convenience lost; the form works without it.
      .catch(() => undefined)
      .finally(() => live && setRestored(true));
    return () => {
      live = false;
    };
  }, [storage]);

  const serialized = JSON.stringify(current);
  useEffect(() => {
    // Written on every change, not debounced: the popup can close between two keystrokes.
    if (storage && restored) void storage.write(JSON.parse(serialized) as Draft).catch(() => undefined);
  }, [serialized, restored, storage]);

  return { restored };
}
