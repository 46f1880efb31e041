import { useCallback } from 'react';
import type { FeatureId } from '@/lib/auth/scopes';
import { sendMessage } from '@/lib/messaging/client';
import { guidanceFor, type RemedyAction } from '../errors';
import { t } from '@/lib/i18n';

/** Runs a failure's remedy, then (unless it leads away) the request that failed. */
export type RunRemedy = (action: RemedyAction | undefined, accountId: string | undefined, repeat: () => Promise<void> | void) => Promise<void>;

/**
 * The one way every request in the find feature recovers: grant the missing permission (the
 * provider's consent window opens) and repeat, repeat, or go to the permissions page.
 */
export function useRemedy(onOpenPermissions: () => void, announce: (text: string) => void): RunRemedy {
  return useCallback(
    async (action, accountId, repeat) => {
      if (!action) return;
      if (action.kind === 'open-permissions') return onOpenPermissions();
      if (action.kind === 'grant-and-retry' && accountId) await grant(accountId, action.feature, announce);
      await repeat();
    },
    [onOpenPermissions, announce],
  );
}

async function grant(accountId: string, feature: FeatureId, announce: (text: string) => void) {
  try {
    await sendMessage('features.set', { accountId, feature, enabled: true });
  } catch (error) {
    // The retry that follows reports the still-missing permission in its own words.
    announce(guidanceFor(error, t('guidance_doingGetPermission')).message);
  }
}
