import { siteLabel, type SiteId } from '@/lib/sites/core/types';
import type { SiteHealth } from '@/lib/sites/health';
import { t } from '@/lib/i18n';

/** One notice per site whose adapter switched itself off because the page no longer looks as it knows. */
export function InlinePanelHealthNotice({ health }: { health: Partial<Record<SiteId, SiteHealth>> | undefined }) {
  const unavailable = Object.entries(health ?? {}).filter(([, entry]) => entry.state === 'unavailable') as [SiteId, SiteHealth][];
  return (
    <>
      {unavailable.map(([site]) => (
        <div key={site} role="status" className="warning small" data-testid={`inline-health-${site}`}>
          {t('panel_healthUnavailable', { site: siteLabel[site] })}{' '}
          <a href="/popup.html" target="_blank" rel="noreferrer">
            {t('panel_healthUsePopup')}
          </a>
        </div>
      ))}
    </>
  );
}

/** The permissions page's word on what the inline panel does and needs. */
export function InlinePanelExplainer() {
  return (
    <section aria-labelledby="inline-panel-heading">
      <h2 id="inline-panel-heading">{t('permissions_inlinePanelHeading')}</h2>
      <p>{t('permissions_inlinePanelExplainer')}</p>
    </section>
  );
}
