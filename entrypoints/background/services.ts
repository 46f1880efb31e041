import type { IDBPDatabase } from 'idb';
import { AccessManager } from '@/lib/auth/access';
import { GoogleAuth } from '@/lib/auth/google';
import { browserIdentity } from '@/lib/auth/identity-port';
import { TokenVault, browserSessionArea, type SessionArea } from '@/lib/auth/token-vault';
import { SiteHealthBook, memorySessionArea } from '@/lib/sites/health';
import type { ProviderAuth } from '@/lib/auth/types';
import { clientIds, endpoints, networkTimeouts } from '@/lib/endpoints';
import type { Provider } from '@/lib/auth/scopes';
import { AvailabilityCache } from '@/lib/meetings/availability-cache';
import { BookingService } from '@/lib/meetings/booking';
import { InlineMeetRooms } from '@/lib/meetings/inline-meet-rooms';
import { Accounts } from '@/lib/store/accounts';
import { Contacts } from '@/lib/store/contacts';
import { openOverlapDB, type DatabaseLife, type OverlapDB } from '@/lib/store/db';
import { FreeBusyCacheStore } from '@/lib/store/free-busy-cache';
import { Ledger } from '@/lib/store/ledger';
import { PartnerMeetings } from '@/lib/store/partner-meetings';
import { PreferencesStore } from '@/lib/store/preferences';
import { MirroredMeetings } from '@/lib/store/unsaved-meetings';
import { ProviderClock } from '@/lib/providers/provider-clock';
import { CalendarSettingsCache, providerClients, tokenSourceFor, type ClientTuning, type ProviderUrls } from './availability';
import { createMicrosoftAuth } from './microsoft';

/** Everything the handlers use, built once per service-worker life on first need. */
export interface Services {
  accounts: Accounts;
  ledger: Ledger;
  access: AccessManager;
  preferences: PreferencesStore;
  cache: AvailabilityCache;
  calendarSettings: CalendarSettingsCache;
  booking: BookingService;
  /** IndexedDB's partner meetings, mirrored in the session area while in flight or unsaved. */
  meetings: MirroredMeetings;
  contacts: Contacts;
  /** What content scripts reported about their site adapters (inline panel health). */
  siteHealth: SiteHealthBook;
  /** The Meet rooms made for Outlook forms, one per panel key. */
  inlineMeetRooms: InlineMeetRooms;
  urls: ProviderUrls;
  tuning: ClientTuning;
  /** The providers' time, learnt from their answers' `Date` headers. */
  clock: ProviderClock;
  /** "Now" for every decision about the providers' world: the clock's, unless a test fixes it. */
  now: () => Date;
}

/** Wires the stores and services around an access manager; the browser build and the tests share it. */
export function composeServices(options: {
  db: IDBPDatabase<OverlapDB>;
  auth: Record<Provider, ProviderAuth>;
  /** The ledger the sign-in brokers already record into, when they were built first. */
  ledger?: Ledger;
  urls: ProviderUrls;
  tuning?: ClientTuning;
  now?: () => Date;
  /** The clock the sign-in brokers already use, when they were built first. */
  clock?: ProviderClock;
  sessionArea?: SessionArea;
}): Services {
  const clock = options.clock ?? new ProviderClock();
  // Minimum notice, "now" in a search, the cache's age: all judged on the providers' clock.
  const now = options.now ?? (() => clock.now());
  const accounts = new Accounts(options.db, now);
  const ledger = options.ledger ?? new Ledger(options.db, undefined, now);
  const access = new AccessManager(options.auth, accounts, ledger);
  const cache = new AvailabilityCache(new FreeBusyCacheStore(options.db), { now });
  const tuning = options.tuning ?? {};
  const sessionArea = options.sessionArea ?? memorySessionArea();
  const meetings = new MirroredMeetings(new PartnerMeetings(options.db), sessionArea);
  const booking = new BookingService({
    meetings,
    accounts,
    clients: providerClients(access, ledger, options.urls, tuning, { clock }),
    cache,
    now,
    authorize: async (account, feature) => {
      await tokenSourceFor(access, account, feature).getToken({});
    },
  });
  return {
    accounts,
    ledger,
    access,
    preferences: new PreferencesStore(options.db, now),
    cache,
    calendarSettings: new CalendarSettingsCache(now),
    booking,
    meetings,
    contacts: new Contacts(options.db),
    siteHealth: new SiteHealthBook(sessionArea, now),
    inlineMeetRooms: new InlineMeetRooms(sessionArea),
    urls: options.urls,
    tuning,
    clock,
    now,
  };
}

const CLOCK_KEY = 'overlap.providerClockOffset';

/** The providers' clock with the offset the previous worker learnt, remembered for the next one. */
async function rememberedClock(area: SessionArea): Promise<ProviderClock> {
  const stored = await area.get(CLOCK_KEY).catch(() => ({}) as Record<string, unknown>);
  // Losing the offset only means the next worker learns it again from the first answer.
  return new ProviderClock(Date.now, Number(stored[CLOCK_KEY] ?? 0), (offset) => void area.set({ [CLOCK_KEY]: offset }).catch(() => undefined));
}

/** The flavour's timeouts (short in the sandbox, 20 s / 30 s in production) for both providers. */
const networkTuning: ClientTuning = { google: { timeouts: networkTimeouts }, microsoft: { timeouts: networkTimeouts } };

export async function createServices(life: DatabaseLife = {}): Promise<Services> {
  const db = await openOverlapDB(undefined, life);
  const clock = await rememberedClock(browserSessionArea);
  // Token expiry is kept on the providers' clock: a token dies by their time, not this computer's.
  const vault = new TokenVault(browserSessionArea, () => clock.nowMs());
  const ledger = new Ledger(db);
  const google: ProviderAuth = new GoogleAuth(
    { clientId: clientIds.google, authorizeUrl: endpoints.googleAuthorize, tokenInfoUrl: endpoints.googleTokenInfo, revokeUrl: endpoints.googleRevoke },
    browserIdentity,
    vault,
    ledger,
    clock.observing((...args) => fetch(...args)),
    () => clock.nowMs(),
  );
  return composeServices({
    db,
    auth: { google, microsoft: createMicrosoftAuth(vault, clock) },
    ledger,
    urls: endpoints,
    tuning: networkTuning,
    clock,
    sessionArea: browserSessionArea,
  });
}

/**
 * The services of this worker's life, built on first need and shared by every request after.
 * A failed build (the database would not open) is not kept: the next request tries again. When
 * the database connection closes (a newer version upgrades it, or the browser terminates it),
 * the services built on it are dropped and the next request builds new ones. Each build first
 * writes into the database what a booking left only in the session mirror (storage was full, or
 * the database was deleted under the worker), so a booking in flight is never forgotten.
 */
export function servicesOnDemand(create: (life: DatabaseLife) => Promise<Services> = createServices): () => Promise<Services> {
  let services: Promise<Services> | undefined;
  return () => {
    if (services) return services;
    const building = create({
      onClosed: () => {
        if (services === building) services = undefined;
      },
    }).then(async (built) => {
      // Storage that still refuses keeps them in the mirror, for the next start or list.
      await built.meetings.restore().catch((error: unknown) => console.error('Overlap: could not write unsaved meetings into the database', error));
      return built;
    });
    services = building;
    building.catch(() => {
      if (services === building) services = undefined;
    });
    return building;
  };
}
