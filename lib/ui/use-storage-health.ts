import { useEffect, useState } from 'react';
import { sendMessage } from '@/lib/messaging/client';
import type { StorageHealth } from '@/lib/store/health';

/**
 * What the background says about damaged rows and unsaved meetings; undefined until (or unless) it
 * answers. Asked for once `askNow` is true: the check reads every store, a ledger of up to 5,000
 * rows among them, so a page asks only once it is usable rather than have the check compete with
 * the requests that make it so (with the ledger full, ~20–30 ms of the popup's opening).
 */
export function useStorageHealth(askNow: boolean): StorageHealth | undefined {
  const [health, setHealth] = useState<StorageHealth>();
  useEffect(() => {
    // A missing answer only hides the notice; the page's own work goes on.
    if (askNow) sendMessage('storage.health', {}).then(setHealth, () => undefined);
  }, [askNow]);
  return health;
}
