import { useEffect, useState } from 'react';
import { sendMessage } from '@/lib/messaging/client';
import type { StorageHealth } from '@/lib/store/health';

/** What the background says about damaged rows and unsaved meetings; undefined until (or unless) it answers. */
export function useStorageHealth(): StorageHealth | undefined {
  const [health, setHealth] = useState<StorageHealth>();
  useEffect(() => {
    // A missing answer only hides the notice; the page's own work goes on.
    sendMessage('storage.health', {}).then(setHealth, () => undefined);
  }, []);
  return health;
}
