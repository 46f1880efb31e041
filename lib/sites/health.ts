import type { SessionArea } from '@/lib/auth/token-vault';
import type { SiteId } from './core/types';

/** The last word a site's content script sent about its adapter. */
export interface SiteHealth {
  state: 'ok' | 'unavailable';
  /** The anchors the adapter did not find (only when unavailable). */
  missing: string[];
  /** The host page's origin the report came from, as the browser stamped it. */
  origin?: string;
  at: string;
}

export type SiteHealthReport = { site: SiteId; state: 'ok' } | { site: SiteId; state: 'unavailable'; missing: string[] };

const KEY = 'overlap.siteHealth';

/**
 * Where the background keeps what content scripts report about their adapters, so the popup and
 * the permissions page can say an inline panel is unavailable. `storage.session`: it describes
 * pages open in this browser session, and a fresh session should start without old verdicts.
 */
export class SiteHealthBook {
  constructor(
    private readonly area: SessionArea,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async all(): Promise<Partial<Record<SiteId, SiteHealth>>> {
    return ((await this.area.get(KEY))[KEY] as Partial<Record<SiteId, SiteHealth>> | undefined) ?? {};
  }

  async record(report: SiteHealthReport, origin: string | undefined): Promise<SiteHealth> {
    const entry: SiteHealth = {
      state: report.state,
      missing: report.state === 'unavailable' ? report.missing : [],
      ...(origin ? { origin } : {}),
      at: this.now().toISOString(),
    };
    await this.area.set({ [KEY]: { ...(await this.all()), [report.site]: entry } });
    return entry;
  }
}

/** A session area in memory, for tests and for a background built without one. */
export function memorySessionArea(): SessionArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (values) => void Object.entries(values).forEach(([key, value]) => items.set(key, value)),
    remove: async (key) => void items.delete(key),
  };
}
