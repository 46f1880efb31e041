import { siteLabel, type SiteId } from '@/lib/sites/core/types';
import type { SiteHealth } from '@/lib/sites/health';

/** One notice per site whose adapter switched itself off because the page no longer looks as it knows. */
export function InlinePanelHealthNotice({ health }: { health: Partial<Record<SiteId, SiteHealth>> | undefined }) {
  const unavailable = Object.entries(health ?? {}).filter(([, entry]) => entry.state === 'unavailable') as [SiteId, SiteHealth][];
  return (
    <>
      {unavailable.map(([site]) => (
        <div key={site} role="status" className="warning small" data-testid={`inline-health-${site}`}>
          {siteLabel[site]} inline panel unavailable: the page changed.{' '}
          <a href="/popup.html" target="_blank" rel="noreferrer">
            Use the popup instead
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
      <h2 id="inline-panel-heading">The inline panel</h2>
      <p>
        In Google Calendar’s event editor, the inline panel writes into the form; Google Calendar saves the event. So it needs only the free/busy permission,
        never the one to create events. It runs in an Overlap page the calendar site cannot read, and the site’s page only learns the time you picked.
      </p>
    </section>
  );
}
