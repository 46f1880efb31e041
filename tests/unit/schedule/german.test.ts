import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import german from '@/public/_locales/de/messages.json';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type MeetingRequest } from '@/lib/schedule';
import { person, request, solve, unreadable } from './helpers';

const DAY = '2026-01-12';
const at = (time: string) => `${DAY}T${time}:00Z`;

let restore: () => void;
beforeEach(() => {
  restore = i18n.useMessageFile(german, 'de');
});
afterEach(() => restore());

/** Every sentence the engine produced: explanation, near misses and each slot's reasons. */
function sentencesOf(input: MeetingRequest): string[] {
  const result = solve(input);
  return [...(result.explanation ?? []), ...result.nearMisses.map((miss) => miss.reason), ...result.slots.flatMap((slot) => slot.reasons)];
}

describe('the engine in German', () => {
  it('gives the minimum notice in German units and the earliest start on a 24-hour clock', () => {
    const result = solve(request({ now: at('15:00'), minimumNoticeMinutes: 24 * 60 }));
    expect(result.explanation).toEqual([
      'Die Mindestvorlaufzeit von 24 Std. verschiebt den frühesten Beginn (Di., 13. Jan., 15:00 (UTC)) hinter den Suchzeitraum',
    ]);
  });

  it('says no window is long enough with hours and minutes in German', () => {
    const result = solve(request({ durationMinutes: 90, searchWindows: [{ start: at('10:00'), end: at('10:45') }] }));
    expect(result.explanation).toEqual(['Kein Suchzeitraum ist lang genug für einen Termin von 1 Std., 30 Min. (der längste bietet 45 Min.)']);
  });

  it('names the blockers, the last day of the search and the near misses in German', () => {
    const result = solve(
      request({
        participants: [person('org@example.com', [[at('09:00'), at('12:00')]]), person('dana@example.com', [[at('12:00'), at('17:00')]], { name: 'Dana' })],
      }),
    );
    expect(result.explanation).toEqual([
      'Bis zum Ende der Suche (Mo., 12. Jan.) passt keine Zeit allen Pflichtteilnehmern für einen Termin von 1 Std.',
      'Nur Dana ist zu 5 sonst passenden Zeiten beschäftigt',
      'Nur org@example.com ist zu 3 sonst passenden Zeiten beschäftigt',
    ]);
    expect(result.nearMisses.map((miss) => miss.reason)).toContain('Alle anderen Pflichtteilnehmer sind frei; Dana ist beschäftigt');
  });

  it('uses the singular for one fitting time and keeps the provider’s reason for an unreadable calendar', () => {
    const result = solve(
      request({ participants: [person('org@example.com', [[at('09:00'), at('16:00')]]), unreadable('lee@example.com', 'HTTP 403', { name: 'Lee' })] }),
    );
    expect(result.explanation).toEqual(
      expect.arrayContaining([
        'Nur 1 Startzeit erfüllt alle Bedingungen',
        'Der Kalender von Lee konnte nicht gelesen werden (HTTP 403); die Zeiten gehen davon aus, dass die Person frei sein könnte',
      ]),
    );
  });

  it('joins the unavailable members of a group with “und”', () => {
    const result = solve(
      request({
        participants: [
          person('org@example.com'),
          person('a@example.com', [[at('09:00'), at('12:00')]], { name: 'Ana' }),
          person('b@example.com', [[at('09:00'), at('12:00')]], { name: 'Ben' }),
          person('c@example.com', [[at('12:00'), at('17:00')]], { name: 'Cleo' }),
        ],
        groups: [{ id: 'panel', label: 'Jury', members: ['a@example.com', 'b@example.com', 'c@example.com'], required: 2 }],
      }),
    );
    expect(result.nearMisses.map((miss) => miss.reason)).toContain('In Jury fehlt eine Person, um 2 zu erreichen: Ana und Ben sind nicht verfügbar');
    expect(result.slots[0]!.reasons).toEqual(
      expect.arrayContaining(['2 von 3 aus Jury können teilnehmen (Ana und Ben); 2 nötig', 'Cleo (Gruppenmitglied) ist beschäftigt']),
    );
  });

  it('explains a slot’s reasons in German: headline, working hours and another date', () => {
    const reasons = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        participants: [
          person('org@example.com'),
          person('kiri@example.com', [], { name: 'Kiri', timeZone: 'Pacific/Chatham', attendance: 'optional' }),
        ],
        searchWindows: [{ start: '2026-01-12T16:00:00Z', end: '2026-01-12T17:00:00Z' }],
      }),
    ).slots[0]!.reasons;
    expect(reasons).toEqual([
      'Alle sind frei',
      'Kiri (Pacific/Chatham) beginnt erst 3 Std., 15 Min. später mit der Arbeit',
      'Für Kiri (Pacific/Chatham) ist es schon Di., 13. Jan.',
    ]);
  });

  it('leaves no English sentence and no bare message key in a search with every kind of reason', () => {
    const sentences = [
      ...sentencesOf(
        request({
          maxMeetingsPerDay: 2,
          tentativePolicy: 'free',
          organizer: { email: 'org@example.com', timeZone: 'Europe/Berlin' },
          searchWindows: [{ start: '2026-03-28T00:00:00Z', end: '2026-03-31T00:00:00Z' }],
          now: '2026-03-27T00:00:00Z',
          participants: [
            person('org@example.com', [[ '2026-03-30T08:00:00Z', '2026-03-30T08:30:00Z'], ['2026-03-30T08:30:00Z', '2026-03-30T09:00:00Z']], { name: 'Alex' }),
            person('sam@example.com', [{ start: '2026-03-30T10:00:00Z', end: '2026-03-30T12:00:00Z', status: 'tentative' }], { name: 'Sam', attendance: 'optional', timeZone: 'Asia/Kolkata' }),
            unreadable('lee@example.com', 'HTTP 403', { name: 'Lee' }),
          ],
        }),
      ),
      ...sentencesOf(request({ now: '2026-02-01T00:00:00Z' })),
      ...sentencesOf(request({ searchWindows: [{ start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' }], horizonDays: 7 })),
    ];
    expect(sentences.length).toBeGreaterThanOrEqual(10);
    for (const sentence of sentences) {
      expect(sentence).not.toMatch(/engine_|\b(the|is|are|free|busy|meeting|working hours)\b/);
    }
    expect(sentences).toContain('Alle Pflichtteilnehmer sind frei, aber Lee (Europe/Berlin) hat dann schon seit 9 Std. Feierabend und Alex (Europe/Berlin) hat dann schon seit 9 Std. Feierabend');
    expect(sentences).toContain('Alle Suchzeiträume sind bereits vorbei (jetzt ist es So., 1. Feb., 00:00 (UTC))');
    expect(sentences).toContain('Die Suchzeiträume beginnen erst nach dem Planungshorizont von 7 Tagen, der am So., 18. Jan., 00:00 (UTC) endet');
  });

  it('words an invalid request’s summary in German', () => {
    const result = findMeetingTimes({ durationMinutes: 'lang' }, i18n);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^Die Terminanfrage ist ungültig: .+ \(und \d+ weitere\)$/);
  });
});
