import type { FeatureId } from '@/lib/auth/scopes';
import type { LedgerEntry } from '@/lib/store/db';

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
  { label: 'Any time', days: undefined },
  { label: 'Last 24 hours', days: 1 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
];

/** Every call Overlap made for you: when, which account, what, under which permission, for which feature. */
export function LedgerTable({ entries, accounts, features, filter, onFilter }: LedgerTableProps) {
  const featureTitle = (id: FeatureId) => features.find((feature) => feature.id === id)?.title ?? id;
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Activity</h2>
      <div className="filters">
        <label>
          Account{' '}
          <select value={filter.accountId ?? ''} onChange={(e) => onFilter({ ...filter, accountId: e.currentTarget.value || undefined })}>
            <option value="">All accounts</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Feature{' '}
          <select value={filter.feature ?? ''} onChange={(e) => onFilter({ ...filter, feature: (e.currentTarget.value || undefined) as FeatureId | undefined })}>
            <option value="">All features</option>
            {features.map((feature) => (
              <option key={feature.id} value={feature.id}>
                {feature.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period{' '}
          <select
            onChange={(e) => {
              const days = periods[Number(e.currentTarget.value)]?.days;
              onFilter({ ...filter, since: days ? new Date(Date.now() - days * 86_400_000).toISOString() : undefined });
            }}
          >
            {periods.map((period, index) => (
              <option key={period.label} value={index}>
                {period.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {entries.length === 0 ? (
        <p className="muted">No calls match. Overlap records every call it makes to Google or Microsoft here — never tokens, titles or descriptions.</p>
      ) : (
        <table className="ledger">
          <caption className="visually-hidden">Calls Overlap made, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Account</th>
              <th scope="col">What</th>
              <th scope="col">Permission</th>
              <th scope="col">For</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.accountId.replace(/^(google|microsoft):/, '')}</td>
                <td>{entry.operation}</td>
                <td className="scope-id">{entry.scope}</td>
                <td>{featureTitle(entry.feature)}</td>
                <td className={entry.outcome === 'ok' ? 'ok' : 'error'}>
                  {entry.outcome === 'ok' ? 'OK' : 'Failed'}
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
