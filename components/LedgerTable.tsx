import type { FeatureId } from '@/lib/auth/scopes';
import type { LedgerEntry } from '@/lib/store/db';
import { t, uiLocale } from '@/lib/i18n';

export interface LedgerFilter {
  accountId?: string;
  feature?: FeatureId;
  since?: string;
}

export interface LedgerTableProps {
  entries: LedgerEntry[];
  accounts: { id: string; email: string }[];
  features: { id: FeatureId; title: string }[];
  filter: LedgerFilter;
  onFilter(filter: LedgerFilter): void;
}

const periods = [
  { label: 'ledger_periodAny', days: undefined },
  { label: 'ledger_period24Hours', days: 1 },
  { label: 'ledger_period7Days', days: 7 },
  { label: 'ledger_period30Days', days: 30 },
] as const;

/** Every call Overlap made for you: when, which account, what, under which permission, for which feature. */
export function LedgerTable({ entries, accounts, features, filter, onFilter }: LedgerTableProps) {
  const featureTitle = (id: FeatureId) => features.find((feature) => feature.id === id)?.title ?? id;
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('ledger_heading')}</h2>
      <div className="filters">
        <label>
          {t('ledger_filterAccount')}{' '}
          <select value={filter.accountId ?? ''} onChange={(e) => onFilter({ ...filter, accountId: e.currentTarget.value || undefined })}>
            <option value="">{t('ledger_allAccounts')}</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ledger_filterFeature')}{' '}
          <select value={filter.feature ?? ''} onChange={(e) => onFilter({ ...filter, feature: (e.currentTarget.value || undefined) as FeatureId | undefined })}>
            <option value="">{t('ledger_allFeatures')}</option>
            {features.map((feature) => (
              <option key={feature.id} value={feature.id}>
                {feature.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ledger_filterPeriod')}{' '}
          <select
            onChange={(e) => {
              const days = periods[Number(e.currentTarget.value)]?.days;
              onFilter({ ...filter, since: days ? new Date(Date.now() - days * 86_400_000).toISOString() : undefined });
            }}
          >
            {periods.map((period, index) => (
              <option key={period.label} value={index}>
                {t(period.label)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t('ledger_empty')}</p>
      ) : (
        <table className="ledger">
          <caption className="visually-hidden">{t('ledger_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ledger_columnWhen')}</th>
              <th scope="col">{t('ledger_columnAccount')}</th>
              <th scope="col">{t('ledger_columnWhat')}</th>
              <th scope="col">{t('ledger_columnPermission')}</th>
              <th scope="col">{t('ledger_columnFor')}</th>
              <th scope="col">{t('ledger_columnOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString(uiLocale())}</td>
                <td>{entry.accountId.replace(/^(google|microsoft):/, '')}</td>
                <td>{entry.operation}</td>
                <td className="scope-id">{entry.scope}</td>
                <td>{featureTitle(entry.feature)}</td>
                <td className={entry.outcome === 'ok' ? 'ok' : 'error'}>
                  {entry.outcome === 'ok' ? t('ledger_outcomeOk') : t('ledger_outcomeFailed')}
                  {entry.detail ? ` (${entry.detail})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
