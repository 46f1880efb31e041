import type { z } from 'zod';
import { describeSlots } from './describe';
import { buildSearchSpace, prepare, rankBest, tally, type Prepared, type Tallies } from './engine';
import { explainEmptySearchSpace, explainShortfall, findNearMisses } from './explain';
import { MeetingRequestSchema, type FindResult, type ValidationIssue } from './schemas';
import type { Wording } from './wording';

export * from './schemas';
export type { Wording } from './wording';

/**
 * Finds and ranks times at which a meeting fits: the single entry point of the engine.
 * Pure: the same request always gives the same answer, whatever the order of its lists.
 * A malformed request comes back as a field-named error, never as an exception. Explanations
 * are worded by `wording` (lib/i18n in the extension), in whichever language it speaks.
 */
export function findMeetingTimes(request: unknown, wording: Wording): FindResult {
  const parsed = MeetingRequestSchema.safeParse(request);
  if (!parsed.success) return invalidRequest(parsed.error, wording);
  const valid = parsed.data;
  const space = buildSearchSpace(valid);
  const candidateStarts = space.candidates.count;
  if (candidateStarts === 0) {
    return { ok: true, slots: [], nearMisses: [], explanation: explainEmptySearchSpace(space, wording), matchingStarts: 0, candidateStarts };
  }
  const prepared = prepare(space);
  const tallies = tally(prepared);
  const matching = matchingPositions(prepared, tallies);
  const best = rankBest(prepared, tallies, matching, valid.maxResults);
  const slots = describeSlots(prepared, tallies, best, wording);
  if (slots.length === valid.maxResults) {
    return { ok: true, slots, nearMisses: [], matchingStarts: matching.length, candidateStarts };
  }
  return {
    ok: true,
    slots,
    explanation: explainShortfall(prepared, tallies, matching.length, wording),
    nearMisses: findNearMisses(prepared, tallies, slots, wording),
    matchingStarts: matching.length,
    candidateStarts,
  };
}

/** Positions where every required attendee and every group's quorum can make it. */
function matchingPositions(prepared: Prepared, tallies: Tallies): number[] {
  const insideOnly = prepared.space.request.workingHoursPolicy === 'inside-only';
  const quorums = prepared.groups.map((group) => group.quorum);
  const positions: number[] = [];
  for (let position = 0; position < prepared.space.candidates.count; position++) {
    if (tallies.requiredBlocked[position] !== 0) continue;
    if (insideOnly && tallies.requiredOutside[position] !== 0) continue;
    let quorumsMet = true;
    for (let g = 0; g < quorums.length && quorumsMet; g++) {
      quorumsMet = (tallies.groupAvailable[g]?.[position] as number) >= (quorums[g] as number);
    }
    if (quorumsMet) positions.push(position);
  }
  return positions;
}

function invalidRequest(error: z.ZodError, w: Wording): FindResult {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(request)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 3)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  // The issues themselves stay in zod's and the schema's words: they name fields for developers.
  const listed = issues.length > 3 ? w.plural('engine_moreIssues', issues.length - 3, { issues: summary }) : summary;
  return { ok: false, error: { kind: 'invalid-request', message: w.t('engine_invalidRequest', { issues: listed }), issues } };
}
