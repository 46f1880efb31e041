import { z } from 'zod';

/**
 * What the user typed into the popup, kept for the browser session so closing the popup (it
 * closes whenever focus leaves it) or a failed booking never costs them their input.
 */
export const DraftSchema = z.object({
  version: z.literal(1),
  participants: z.array(z.object({ email: z.string().max(320), name: z.string().max(300).optional(), optional: z.boolean() })).max(200),
  /** Text still in the participant field, including entries that were not addresses. */
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
      /** The slot being confirmed and the key its create request carries, so a retry after reopening reuses it. */
      slot: z.object({ start: z.string(), end: z.string() }).optional(),
      operationKey: z.uuid().optional(),
    })
    .optional(),
});

export type Draft = z.infer<typeof DraftSchema>;

export const DRAFT_STORAGE_KEY = 'overlap.popup.draft';

/** A stored draft, or undefined when there is none or it is not one this version can read. */
export function readDraft(raw: unknown): Draft | undefined {
  const parsed = DraftSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Whether a draft holds anything worth restoring. */
export function isEmptyDraft(draft: Draft): boolean {
  return draft.participants.length === 0 && draft.pendingText.trim() === '' && !draft.booking?.title && !draft.booking?.description;
}
