import { googleScope, microsoftScope } from '@/lib/auth/scopes';
import { findTimes, type AvailabilitySource } from '@/lib/meetings/find-times';
import { createGoogleClient } from '@/lib/providers/google';
import { maxCalendarsPerFreeBusy } from '@/lib/providers/google/client';
import { createMicrosoftClient, maxSchedulesPerCall } from '@/lib/providers/microsoft/client';
import { scenarioPeople } from '../sandbox/scenario';
import { refreshingTokenSource, signIn } from '../integration/microsoft/oidc-login';
import type { BenchSection } from './run';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

const LATENCY_MS = 100;
const SIZES = [10, 40, 200];
const RUNS = 5;
/** Calls each client keeps in flight, passed to both so the ideal below uses the same number. */
const CONCURRENCY = 4;
/** Issue 12's target for wall time over the ideal. */
const WALL_TARGET = 1.15;
const DAYS = 14;

const organizerGoogle = 'ana.lima@northwind.example';
const organizerMicrosoft = 'gita.shrestha@contoso.example';

/** Half the people in the Workspace domain, half in the Microsoft 365 tenant: seeded people first, then more colleagues. */
function participants(count: number): string[] {
  const seeded = (domain: string) => scenarioPeople.filter((person) => person.email.endsWith(domain)).map((person) => person.email);
  const pick = (domain: string, n: number) => {
    const known = seeded(domain);
    return Array.from({ length: n }, (_, index) => known[index] ?? `colleague${index}@${domain.slice(1)}`);
  };
  return [...pick('@northwind.example', Math.ceil(count / 2)), ...pick('@contoso.example', Math.floor(count / 2))];
}

async function sources(sandbox: SandboxProcess): Promise<AvailabilitySource[]> {
  // Like the extension's token source: one token, kept until the provider refuses it.
  const issueGoogleToken = () => sandbox.control.issueGoogleToken(organizerGoogle, ['openid', 'email', googleScope.freeBusy]);
  let googleToken = issueGoogleToken();
  const google = createGoogleClient({
    calendarBaseUrl: sandbox.urls.googleCalendar,
    meetBaseUrl: sandbox.urls.googleMeet,
    tokenSource: { getToken: ({ forceRefresh }) => (forceRefresh ? (googleToken = issueGoogleToken()) : googleToken) },
    concurrency: CONCURRENCY,
  });
  await sandbox.control.setMicrosoftAutoSignIn(organizerMicrosoft, {});
  const login = {
    authority: sandbox.urls.microsoftAuthority,
    ca: sandbox.microsoft.identityCertificate,
    clientId: sandbox.microsoft.clientId,
    redirectUri: sandbox.microsoft.redirectUris[0]!,
    email: organizerMicrosoft,
    scopes: [microsoftScope.calendarsReadBasic],
  };
  const microsoft = createMicrosoftClient({ baseUrl: sandbox.urls.graph, tokenSource: refreshingTokenSource(login, await signIn(login)), concurrency: CONCURRENCY });
  return [
    { accountId: `google:${organizerGoogle}`, provider: 'google', email: organizerGoogle, read: (emails, start, end) => google.freeBusy({ emails, timeMin: start.toISOString(), timeMax: end.toISOString() }) },
    { accountId: `microsoft:${organizerMicrosoft}`, provider: 'microsoft', email: organizerMicrosoft, read: (emails, start, end) => microsoft.getAvailability({ emails, start, end }) },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * What no client can beat for `people` split as participants() splits them (the organizer is one
 * of the Google half): each provider's fewest calls for a range within one call's span, and the
 * rounds of LATENCY_MS those need with CONCURRENCY in flight, providers in parallel.
 */
function ideal(people: string[]): { calls: number; wallMs: number } {
  const google = people.filter((email) => email.endsWith('@northwind.example')).length;
  const microsoft = people.length - google;
  const googleCalls = Math.ceil(google / maxCalendarsPerFreeBusy);
  const graphCalls = Math.ceil(microsoft / maxSchedulesPerCall);
  return { calls: googleCalls + graphCalls, wallMs: LATENCY_MS * Math.max(Math.ceil(googleCalls / CONCURRENCY), Math.ceil(graphCalls / CONCURRENCY)) };
}

export const availabilitySection: BenchSection = {
  name: `find → results across Google and Microsoft, stand-ins in their own process answering after ${LATENCY_MS} ms, ${DAYS}-day range`,
  async run(report) {
    // The stand-ins run in a child process: in this one, their CPU work would be timed as the
    // client's, which real providers' never is (see sandbox-process.ts).
    const sandbox = await startSandboxProcess();
    try {
      const connected = await sources(sandbox);
      // The latency: every free/busy call waits LATENCY_MS at the stand-in before it is answered.
      for (const target of ['google-calendar', 'graph'] as const) {
        await sandbox.control.injectFault({ target, times: 100_000, fault: { kind: 'hang', ms: LATENCY_MS } });
      }
      for (const size of SIZES) {
        const people = participants(size);
        const start = new Date(Date.now() + 86_400_000);
        const end = new Date(start.getTime() + DAYS * 86_400_000);
        const times: number[] = [];
        let calls = { google: 0, graph: 0 };
        for (let run = 0; run < RUNS; run++) {
          await sandbox.control.clearLog();
          const started = performance.now();
          const outcome = await findTimes(
            { organizer: { email: organizerGoogle, timeZone: 'America/Sao_Paulo' }, participants: people.map((email) => ({ email })), durationMinutes: 30, start, end, now: new Date() },
            connected,
          );
          times.push(performance.now() - started);
          if (!outcome.result.ok) throw new Error('The search failed during the benchmark.');
          calls = { google: await sandbox.control.countRequests('google-calendar'), graph: await sandbox.control.countRequests('graph') };
        }
        const wall = median(times);
        const best = ideal([organizerGoogle, ...people.filter((email) => email !== organizerGoogle)]);
        const section = 'find → results';
        report.add({
          section,
          figure: `${size} people: wall ÷ ideal, median of ${RUNS}`,
          value: wall / best.wallMs,
          unit: '×',
          target: { bound: '≤', value: WALL_TARGET, why: 'issue 12' },
          note: `wall ${wall.toFixed(0)} ms (fastest ${Math.min(...times).toFixed(0)}), ideal ${best.wallMs} ms`,
        });
        report.add({
          section,
          figure: `${size} people: requests`,
          value: calls.google + calls.graph,
          unit: 'calls',
          target: { bound: '≤', value: best.calls, why: 'fewest the batch limits allow' },
          note: `${calls.google} Google freeBusy + ${calls.graph} Graph getSchedule`,
        });
      }
    } finally {
      await sandbox.stop();
    }
  },
};
