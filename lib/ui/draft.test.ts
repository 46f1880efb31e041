import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readDraft } from './draft';

/**
 * The zod schema the popup read its stored draft with until zod left the popup bundle, kept here
 * as the specification of `readDraft`'s hand check: same drafts accepted, same fields kept.
 */
const DraftSpecification = z.object({
  version: z.literal(1),
  participants: z.array(z.object({ email: z.string().max(320), name: z.string().max(300).optional(), optional: z.boolean() })).max(200),
  pendingText: z.string().max(10_000),
  durationMinutes: z.int().min(5).max(1440).optional(),
  range: z.object({ from: z.string().max(10), to: z.string().max(10) }).optional(),
  timeZone: z.string().max(64).optional(),
  organizerAccountId: z.string().max(330).optional(),
  booking: z
    .object({
      title: z.string().max(300),
      description: z.string().max(8000),
      conference: z.enum(['meet', 'teams', 'none']).optional(),
      sendInvitations: z.boolean(),
      slot: z.object({ start: z.string(), end: z.string() }).optional(),
      operationKey: z.uuid().optional(),
    })
    .optional(),
});

/** A string near a length bound, or a value of the wrong type, or nothing. */
const text = (max: number) => fc.oneof({ arbitrary: fc.string({ maxLength: 12 }), weight: 20 }, fc.constant('x'.repeat(max)), fc.constant('x'.repeat(max + 1)), fc.constant(undefined), fc.integer(), fc.constant(null));
/** A well-formed value most of the time, else one of the wrong type. */
const mostly = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary, weight: 12 }, { arbitrary: fc.constant(undefined), weight: 4 }, fc.constant(null), fc.integer(), fc.string({ maxLength: 3 }), fc.constant([]) as fc.Arbitrary<unknown>);

const person = fc.record(
  { email: text(320), name: mostly(fc.string({ maxLength: 301 })), optional: fc.oneof({ arbitrary: fc.boolean(), weight: 10 }, fc.constant(1)), extra: fc.option(fc.integer()) },
  { requiredKeys: ['email', 'optional'] },
);
const booking = fc.record(
  {
    title: text(300),
    description: text(8000),
    conference: mostly(fc.constantFrom('meet', 'teams', 'none', 'zoom')),
    sendInvitations: fc.oneof({ arbitrary: fc.boolean(), weight: 10 }, fc.constant(0)),
    slot: mostly(fc.record({ start: text(30), end: text(30) }, { requiredKeys: [] })),
    operationKey: mostly(fc.oneof(fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'), fc.string())),
  },
  { requiredKeys: ['title', 'description', 'sendInvitations'] },
);
const storedDraft = fc.record(
  {
    version: fc.constantFrom(1, 1, 1, 1, 2, '1'),
    participants: fc.oneof({ arbitrary: fc.array(person, { maxLength: 4 }), weight: 8 }, fc.constant({})),
    pendingText: text(10_000),
    durationMinutes: mostly(fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2))),
    range: mostly(fc.record({ from: text(10), to: text(10) }, { requiredKeys: [] })),
    timeZone: mostly(fc.string({ maxLength: 66 })),
    organizerAccountId: mostly(fc.string({ maxLength: 3 })),
    booking: mostly(booking),
    junk: fc.option(fc.integer()),
  },
  { requiredKeys: ['version', 'participants', 'pendingText'] },
);

// Stored drafts round-trip through JSON, which drops keys whose value is undefined; compared the same way.
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;

describe('reading the stored draft', () => {
  it('accepts exactly the drafts the zod schema it replaced accepted, and keeps the same fields of them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: storedDraft, weight: 20 }, fc.anything()), (raw) => {
        const specified = DraftSpecification.safeParse(raw);
        const read = readDraft(raw);
        expect(read !== undefined).toBe(specified.success);
        if (specified.success) {
          accepted += 1;
          expect(asStored(read)).toEqual(asStored(specified.data));
        }
      }),
      { numRuns: 20_000 },
    );
    // The property says little unless many drafts were good enough to be read.
    expect(accepted).toBeGreaterThan(100);
  });
});
