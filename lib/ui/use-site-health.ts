import { useEffect, useState } from 'react';
import { sendMessage } from '@/lib/messaging/client';
import type { SiteId } from '@/lib/sites/core/types';
import type { SiteHealth } from '@/lib/sites/health';

/** What the content scripts reported about the inline panels; undefined until (or unless) the background answers. */
export function useSiteHealth(): Partial<Record<SiteId, SiteHealth>> | undefined {
  const [health, setHealth] = useState<Partial<Record<SiteId, SiteHealth>>>();
  useEffect(() => {
    // A missing answer only hides the notice; the page's own work goes on.
    sendMessage('sites.health.get', {}).then(setHealth, () => undefined);
  }, []);
  return health;
}
