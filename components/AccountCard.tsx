import type { AccountView, ScopeView } from '@/lib/auth/access';
import type { FeatureId } from '@/lib/auth/scopes';

const providerName = { google: 'Google', microsoft: 'Microsoft' } as const;

export interface AccountCardProps {
  account: AccountView;
  busy: boolean;
  onToggleFeature(feature: FeatureId, enabled: boolean): void;
  onAskAgain(feature: FeatureId): void;
  onDisconnect(): void;
}

function formatWhen(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'Not used yet';
}

function ScopeRow({ scope }: { scope: ScopeView }) {
  return (
    <tr>
      <th scope="row">
        {scope.label}
        <div className="muted scope-id">{scope.scope}</div>
      </th>
      <td>{scope.allows}</td>
      <td>
        {scope.why} <span className="muted">{scope.never}</span>
      </td>
      <td>{scope.usedBy.map((feature) => feature.title).join(', ') || '—'}</td>
      <td>{formatWhen(scope.lastUsed)}</td>
    </tr>
  );
}

/** One connected account: what it granted, what is missing, which features are on, and the way out. */
export function AccountCard({ account, busy, onToggleFeature, onAskAgain, onDisconnect }: AccountCardProps) {
  const headingId = `account-${account.id.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <section className="card" aria-labelledby={headingId} data-account={account.id}>
      <header className="card-header">
        <h3 id={headingId}>
          {providerName[account.provider]} · {account.email}
        </h3>
        <button type="button" className="danger" disabled={busy} onClick={onDisconnect} aria-label={`Disconnect ${account.email}`}>
          Disconnect
        </button>
      </header>
      <p className="muted">Connected {formatWhen(account.connectedAt)}</p>

      <table className="scopes">
        <caption>Permissions {account.email} granted to Overlap</caption>
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">What it allows</th>
            <th scope="col">Why Overlap asks</th>
            <th scope="col">Used by</th>
            <th scope="col">Last used</th>
          </tr>
        </thead>
        <tbody>
          {account.granted.map((scope) => (
            <ScopeRow key={scope.scope} scope={scope} />
          ))}
        </tbody>
      </table>

      {account.missing.length > 0 && (
        <div className="missing" role="group" aria-label="Permissions not granted">
          <h4>Not granted</h4>
          <ul>
            {account.missing.map((scope) => (
              <li key={scope.scope} data-missing-scope={scope.scope}>
                <strong>{scope.label}</strong> — needed by {scope.neededBy.join(', ')}. Without it, Overlap cannot {scope.allows.charAt(0).toLowerCase() + scope.allows.slice(1)}{' '}
                {scope.neededBy[0] && (
                  <button type="button" disabled={busy} onClick={() => onAskAgain(scope.neededBy[0]!)}>
                    Ask again
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      <fieldset className="features">
        <legend>Features for this account</legend>
        {account.features
          .filter((feature) => feature.usesProvider)
          .map((feature) => (
            <label key={feature.id} className="feature">
              <input
                type="checkbox"
                checked={feature.enabled}
                disabled={busy || feature.essential}
                onChange={(event) => onToggleFeature(feature.id, event.currentTarget.checked)}
              />
              <span>
                <strong>{feature.title}</strong>
                {feature.essential ? ' (always on while connected)' : ''}
                <span className="muted"> — {feature.summary}</span>
              </span>
            </label>
          ))}
      </fieldset>
    </section>
  );
}
