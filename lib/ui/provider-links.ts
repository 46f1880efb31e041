import type { ConferenceKind, PartnerMeeting } from '@/lib/meetings/types';
import type { Provider } from '@/lib/auth/scopes';

/**
 * Which hosts a provider link may point at before it becomes an `href`. The wire schemas already
 * drop anything that is not `https:`; this narrows it to the hosts each provider is known to use
 * for that link, so a compromised or spoofed answer cannot turn "Join" into a phishing page.
 * A link on any other host is not rendered as a link at all (the meeting is still shown).
 */
const joinHosts: Record<Exclude<ConferenceKind, 'none'>, readonly string[]> = {
  meet: ['meet.google.com'],
  teams: ['teams.microsoft.com', 'teams.live.com'],
};

/** Event links, with the path prefix a host needs where it also serves other things (www.google.com). */
const eventHosts: Record<Provider, readonly { host: string; pathPrefix?: string }[]> = {
  google: [{ host: 'calendar.google.com' }, { host: 'www.google.com', pathPrefix: '/calendar/' }],
  microsoft: [{ host: 'outlook.office.com' }, { host: 'outlook.office365.com' }, { host: 'outlook.live.com' }],
};

function parsedHttps(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    // Credentials in a link ("https://meet.google.com@evil.example") only serve to mislead.
    return url.protocol === 'https:' && !url.username && !url.password && !url.port ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The meeting's video-call link if it is one its conference kind really uses, else undefined. */
export function safeJoinUrl(meeting: Pick<PartnerMeeting, 'joinUrl' | 'conference'>): string | undefined {
  if (meeting.conference === 'none') return undefined;
  const url = parsedHttps(meeting.joinUrl);
  return url && joinHosts[meeting.conference].includes(url.hostname) ? url.href : undefined;
}

/** The link that opens the meeting in its provider's calendar, if it is on that provider's calendar host, else undefined. */
export function safeEventUrl(meeting: Pick<PartnerMeeting, 'eventUrl' | 'provider'>): string | undefined {
  const url = parsedHttps(meeting.eventUrl);
  if (!url) return undefined;
  const allowed = eventHosts[meeting.provider].some(({ host, pathPrefix }) => url.hostname === host && (!pathPrefix || url.pathname.startsWith(pathPrefix)));
  return allowed ? url.href : undefined;
}
