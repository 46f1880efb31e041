import type { TokenVault } from '@/lib/auth/token-vault';
import { AuthError, type ProviderAuth } from '@/lib/auth/types';

/** Microsoft sign-in (MSAL in an offscreen document) is being built; until then it says so plainly. */
export function createMicrosoftAuth(_vault: TokenVault): ProviderAuth {
  const unavailable = async (): Promise<never> => {
    throw new AuthError('microsoft', 'not-configured', 'Microsoft sign-in is not available in this build yet.');
  };
  return { provider: 'microsoft', authorize: unavailable, revoke: unavailable };
}
