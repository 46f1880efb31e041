import { googleScope, microsoftScope } from '@/lib/auth/scopes';
import { findTimes, type AvailabilitySource } from '@/lib/meetings/find-times';
import { createGoogleClient } from '@/lib/providers/google';
import { createMicrosoftClient } from '@/lib/providers/microsoft/client';
import { startSandbox, type Sandbox } from '../sandbox/start';
import { scenarioPeople } from '../sandbox/scenario';
import { refreshingTokenSource, signIn } from '../integration/microsoft/oidc-login';
import type { BenchSection } from './run';

const LATENCY_MS = 100;
const SIZES = [10, 40];
const RUNS = 5;
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

async function sources(sandbox: Sandbox): Promise<AvailabilitySource[]> {
  const google = createGoogleClient({
    calendarBaseUrl: sandbox.urls.googleCalendar,
    meetBaseUrl: sandbox.urls.googleMeet,
    tokenSource: { getToken: async () => sandbox.google.issueToken(organizerGoogle, ['openid', 'email', googleScope.freeBusy]) },
  });
  sandbox.microsoft.setAutoSignIn(organizerMicrosoft, {});
  const login = {
    authority: sandbox.urls.microsoftAuthority,
    ca: sandbox.microsoft.identityCertificate,
    clientId: sandbox.microsoft.clientId,
    redirectUri: sandbox.microsoft.redirectUris[0]!,
    email: organizerMicrosoft,
    scopes: [microsoftScope.calendarsReadBasic],
  };
  const microsoft = createMicrosoftClient({ baseUrl: sandbox.urls.graph, tokenSource: refreshingTokenSource(login, await signIn(login)) });
  return [
    { accountId: `google:${organizerGoogle}`, provider: 'google', email: organizerGoogle, read: (emails, start, end) => google.freeBusy({ emails, timeMin: start.toISOString(), timeMax: end.toISOString() }) },
    { accountId: `microsoft:${organizerMicrosoft}`, provider: 'microsoft', email: organizerMicrosoft, read: (emails, start, end) => microsoft.getAvailability({ emails, start, end }) },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const availabilitySection: BenchSection = {
  name: `Find → results across Google and Microsoft, stand-ins answering after ${LATENCY_MS} ms, ${DAYS}-day range`,
  async run() {
    const sandbox = await startSandbox();
    try {
      const connected = await sources(sandbox);
      for (const target of ['google-calendar', 'graph'] as const) {
        sandbox.faults.inject({ target, times: 100_000, fault: { kind: 'hang', ms: LATENCY_MS } });
      }
      console.log(['people', 'google calls', 'graph calls', 'ideal calls', 'wall ms (median)', 'ideal ms', 'wall / ideal'].map((h) => h.padStart(12)).join('  '));
      for (const size of SIZES) {
        const people = participants(size);
        const start = new Date(Date.now() + 86_400_000);
        const end = new Date(start.getTime() + DAYS * 86_400_000);
        const times: number[] = [];
        let calls = { google: 0, graph: 0 };
        for (let run = 0; run < RUNS; run++) {
          sandbox.log.clear();
          const started = performance.now();
          const outcome = await findTimes(
            { organizer: { email: organizerGoogle, timeZone: 'America/Sao_Paulo' }, participants: people.map((email) => ({ email })), durationMinutes: 30, start, end, now: new Date() },
            connected,
          );
          times.push(performance.now() - started);
          if (!outcome.result.ok) throw new Error('The search failed during the benchmark.');
          calls = { google: sandbox.log.list({ target: 'google-calendar' }).length, graph: sandbox.log.list({ target: 'graph' }).length };
        }
        // One round trip per provider, in parallel: what no client can beat.
        const wall = median(times);
        console.log(
          [size, calls.google, calls.graph, 2, wall.toFixed(0), LATENCY_MS, `${(wall / LATENCY_MS).toFixed(2)}×`].map((cell) => String(cell).padStart(12)).join('  '),
        );
      }
    } finally {
      await sandbox.stop();
    }
  },
};
