/**
 * What a page may ask for, checked on arrival so an out-of-range request is refused, naming its
 * field and the bound, before any provider is called:
 * - a search spans at most 366 days: the longest horizon preferences allow (nothing later could
 *   be offered), and each further day is more free/busy calls (Google answers 90 days a call,
 *   Graph 62);
 * - at most 200 people in a search or a booking (the popup says so in its Participants field);
 * - a meeting lasts 5 minutes to 24 hours, as the duration picker offers;
 * - a zone is one the browser's IANA database knows, so no search or booking runs in a zone that
 *   would silently read as UTC;
 * - an end comes after its start.
 * The last two are no numbers to hold here: the schemas in protocol.ts enforce them.
 *
 * A module of its own, without zod, so the pages can tell the user these bounds without bundling
 * the protocol's schemas (zod alone is about 100 kB the popup would load on every open).
 */
export const REQUEST_BOUNDS = { maxSearchDays: 366, maxPeople: 200, minMeetingMinutes: 5, maxMeetingMinutes: 1440 } as const;
