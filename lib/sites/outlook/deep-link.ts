/** The hosts Outlook on the web runs on; a compose link is built for these alone. */
export const OUTLOOK_ORIGINS = ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com'] as const;

export interface ComposeLinkFields {
  subject: string;
  /** ISO instants */
  start: string;
  end: string;
  body?: string;
  location?: string;
}

/**
 * Outlook's compose deep link, which opens a new-event form pre-filled with these fields: the
 * fallback when the open form refuses Overlap's write. Built on the host the user is on (a work
 * account on outlook.office.com must not land on outlook.live.com); undefined for any other
 * origin, so a page cannot make the panel link elsewhere. Times go as UTC instants, which Outlook
 * shows in the mailbox's own zone.
 */
export function outlookComposeLink(origin: string, fields: ComposeLinkFields): string | undefined {
  if (!(OUTLOOK_ORIGINS as readonly string[]).includes(origin)) return undefined;
  const query = new URLSearchParams({
    subject: fields.subject,
    startdt: new Date(fields.start).toISOString(),
    enddt: new Date(fields.end).toISOString(),
    ...(fields.body ? { body: fields.body } : {}),
    ...(fields.location ? { location: fields.location } : {}),
  });
  return `${origin}/calendar/deeplink/compose?${query}`;
}
