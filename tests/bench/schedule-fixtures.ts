import type { MeetingRequest, Participant, WorkingHours } from '@/lib/schedule';

/** mulberry32: a tiny seeded PRNG, so every run benchmarks exactly the same problems. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a distributed company's people sit, weighted towards the big offices. */
const ZONE_MIX: Array<[zone: string, weight: number]> = [
  ['America/New_York', 6],
  ['Europe/London', 5],
  ['Europe/Berlin', 5],
  ['America/Los_Angeles', 3],
  ['Asia/Kolkata', 3],
  ['America/Sao_Paulo', 1],
  ['Asia/Tokyo', 1],
  ['Australia/Sydney', 1],
  ['Asia/Kathmandu', 1],
  ['Australia/Lord_Howe', 1],
  ['Pacific/Chatham', 1],
  ['UTC', 1],
];

const EARLY_SPLIT: WorkingHours = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu'].map((day) => [day, [{ start: '07:30', end: '12:00' }, { start: '13:00', end: '16:30' }]]),
);

function pick<T>(random: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

const NOW = Date.UTC(2026, 2, 2, 8, 0); // Mon 2 Mar 2026: the window spans both DST seasons

/**
 * One organizer in New York, two more required people, a five-person interview panel of whom
 * any two must come, and everyone else optional; ~6 meetings a working day each, some
 * tentative, some out-of-office days, one calendar that failed to load.
 */
export function benchmarkRequest(participantCount: number, days: number, seed: number): MeetingRequest {
  const random = seededRandom(seed);
  const participants: Participant[] = [];
  for (let p = 0; p < participantCount; p++) {
    const zone = p === 0 ? 'America/New_York' : pick(random, ZONE_MIX);
    const hours = random() < 0.15 ? EARLY_SPLIT : undefined;
    const email = `person${p}@example.com`;
    if (p === participantCount - 1 && participantCount > 5) {
      participants.push({ email, timeZone: zone, attendance: 'optional', availability: { status: 'unknown', reason: 'calendar not shared' } });
      continue;
    }
    const busy: Array<{ start: string; end: string; status?: 'busy' | 'tentative' | 'outOfOffice'; allDay?: boolean }> = [];
    const offsetHours = zoneOffsetGuess(zone);
    for (let day = 0; day < days; day++) {
      const dayStartUtc = NOW - 8 * 3600e3 + day * 86400e3;
      if (random() < 0.02) {
        busy.push({ start: iso(dayStartUtc), end: iso(dayStartUtc + 86400e3), status: 'outOfOffice', allDay: true });
        continue;
      }
      for (let meeting = 0; meeting < 6; meeting++) {
        const localStartMinutes = 8 * 60 + Math.floor(random() * 20) * 30; // 08:00–17:30 local
        const length = [15, 30, 30, 45, 60, 90][Math.floor(random() * 6)]!;
        const start = dayStartUtc + (localStartMinutes - offsetHours * 60) * 60e3;
        busy.push({ start: iso(start), end: iso(start + length * 60e3), ...(random() < 0.1 ? { status: 'tentative' as const } : {}) });
      }
    }
    participants.push({
      email,
      name: `Person ${p}`,
      timeZone: zone,
      attendance: p < 3 ? 'required' : 'optional',
      ...(hours === undefined ? {} : { workingHours: hours }),
      availability: { status: 'known', busy },
    });
  }
  const panel = participants.slice(3, 8).map((p) => p.email);
  return {
    organizer: { email: 'person0@example.com', timeZone: 'America/New_York' },
    now: iso(NOW),
    participants,
    groups: panel.length === 5 ? [{ id: 'panel', label: 'Interview panel', members: panel, required: 2 }] : [],
    durationMinutes: 60,
    searchWindows: [{ start: iso(NOW), end: iso(NOW + days * 86400e3) }],
    granularityMinutes: 15,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    minimumNoticeMinutes: 120,
    horizonDays: days,
    maxMeetingsPerDay: 7,
    tentativePolicy: 'free',
    workingHoursPolicy: 'allow-outside',
    maxResults: 10,
  };
}

/** Rough standard offsets, only to place generated meetings near each person's working day. */
function zoneOffsetGuess(zone: string): number {
  const offsets: Record<string, number> = {
    'America/New_York': -5, 'Europe/London': 0, 'Europe/Berlin': 1, 'America/Los_Angeles': -8, 'Asia/Kolkata': 5.5,
    'America/Sao_Paulo': -3, 'Asia/Tokyo': 9, 'Australia/Sydney': 10, 'Asia/Kathmandu': 5.75, 'Australia/Lord_Howe': 10.5,
    'Pacific/Chatham': 12.75, UTC: 0,
  };
  return offsets[zone] ?? 0;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
