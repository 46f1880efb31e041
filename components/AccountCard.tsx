import type { AccountView, ScopeView } from '@/lib/auth/access';
import type { FeatureId } from '@/lib/auth/scopes';
import { formatList, t, uiLocale } from '@/lib/i18n';
import { Message } from './Message';

const providerName = { google: 'Google', microsoft: 'Microsoft' } as const;

export interface AccountCardProps {
  account: AccountView;
  busy: boolean;
  onToggleFeature(feature: FeatureId, enabled: boolean): void;
  onAskAgain(feature: FeatureId): void;
  onDisconnect(): void;
}

function formatWhen(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }) : t('permissions_notUsedYet');
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
      <td>{formatList(scope.usedBy.map((feature) => feature.title)) || '—'}</td>
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
        <button type="button" className="danger" disabled={busy} onClick={onDisconnect} aria-label={t('permissions_disconnectAccount', { email: account.email })}>
          {t('permissions_disconnect')}
        </button>
      </header>
      <p className="muted">{t('permissions_connectedAt', { when: formatWhen(account.connectedAt) })}</p>

      <table className="scopes">
        <caption>{t('permissions_grantedCaption', { email: account.email })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('permissions_columnPermission')}</th>
            <th scope="col">{t('permissions_columnAllows')}</th>
            <th scope="col">{t('permissions_columnWhy')}</th>
            <th scope="col">{t('permissions_columnUsedBy')}</th>
            <th scope="col">{t('permissions_columnLastUsed')}</th>
          </tr>
        </thead>
        <tbody>
          {account.granted.map((scope) => (
            <ScopeRow key={scope.scope} scope={scope} />
          ))}
        </tbody>
      </table>

      {account.missing.length > 0 && (
        <div className="missing" role="group" aria-label={t('permissions_notGrantedLabel')}>
          <h4>{t('permissions_notGranted')}</h4>
          <ul>
            {account.missing.map((scope) => (
              <li key={scope.scope} data-missing-scope={scope.scope}>
                <Message id="permissions_missingScope" values={{ label: <strong>{scope.label}</strong>, features: formatList(scope.neededBy), allows: scope.allows }} />{' '}
                {scope.neededBy[0] && (
                  <button type="button" disabled={busy} onClick={() => onAskAgain(scope.neededBy[0]!)}>
                    {t('permissions_askAgain')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      <fieldset className="features">
        <legend>{t('permissions_featuresLegend')}</legend>
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
                {feature.essential ? ` ${t('permissions_alwaysOn')}` : ''}
                <span className="muted"> — {feature.summary}</span>
              </span>
            </label>
          ))}
      </fieldset>
    </section>
  );
}
