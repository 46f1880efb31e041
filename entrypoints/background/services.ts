import { AccessManager } from '@/lib/auth/access';
import { GoogleAuth } from '@/lib/auth/google';
import { browserIdentity } from '@/lib/auth/identity-port';
import { TokenVault, browserSessionArea } from '@/lib/auth/token-vault';
import type { ProviderAuth } from '@/lib/auth/types';
import { clientIds, endpoints } from '@/lib/endpoints';
import { Accounts } from '@/lib/store/accounts';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { createMicrosoftAuth } from './microsoft';

/** Everything the handlers use, built once per service-worker life on first need. */
export async function createServices() {
  const db = await openOverlapDB();
  const accounts = new Accounts(db);
  const ledger = new Ledger(db);
  const vault = new TokenVault(browserSessionArea);
  const google: ProviderAuth = new GoogleAuth(
    { clientId: clientIds.google, authorizeUrl: endpoints.googleAuthorize, tokenInfoUrl: endpoints.googleTokenInfo, revokeUrl: endpoints.googleRevoke },
    browserIdentity,
    vault,
  );
  const microsoft = createMicrosoftAuth(vault);
  const access = new AccessManager({ google, microsoft }, accounts, ledger);
  return { db, accounts, ledger, vault, access };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
