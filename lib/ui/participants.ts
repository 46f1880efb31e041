import emailAddresses from 'email-addresses';
import { regexes } from 'zod/v4/core';
import { t } from '@/lib/i18n';

/** One person the user wants to meet, as the popup keeps them. */
export interface ParticipantEntry {
  email: string;
  name?: string;
  optional: boolean;
}

export interface ParsedAddress {
  email: string;
  name?: string;
}

/** An entry that could not be read, kept verbatim so the user can fix it rather than retype it. */
export interface RejectedEntry {
  text: string;
  message: string;
}

export interface ParseOutcome {
  addresses: ParsedAddress[];
  rejected: RejectedEntry[];
  /** Addresses skipped because they are already listed (in the input or before it). */
  duplicates: string[];
}

// The background validates attendees with zod's email rule; checking the same rule here means an
// address the popup accepts is never refused later, far from where it was typed. The rule is
// zod's own pattern (what z.email() tests) rather than a schema: a schema brings all of zod into
// the popup, about 100 kB it would load on every open.
const invitableEmail = regexes.email;

/**
 * Splits a pasted list on commas, semicolons and line breaks, but not inside a quoted display
 * name ("Lovelace, Ada" <ada@example.com>) or an angle-bracketed address.
 */
export function splitAddressList(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && quoted && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if (!quoted && !angled && (char === ',' || char === ';' || char === '\n' || char === '\r')) {
      entries.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

/** Plain words for why an entry is not an address, from the commonest slips to the rarest. */
function explain(entry: string): string {
  const address = entry.includes('<') ? entry.slice(entry.indexOf('<') + 1).replace(/>.*$/, '') : entry;
  if (entry.includes('<') && !entry.includes('>')) return t('find_entryUnclosedBracket', { entry });
  if (!address.includes('@')) return t('find_entryNoAt', { entry });
  if ((address.match(/@/g) ?? []).length > 1) return t('find_entryManyAt', { entry });
  const [local = '', domain = ''] = address.trim().split('@');
  if (local.length === 0) return t('find_entryNoLocalPart', { entry });
  if (domain.length === 0) return t('find_entryNoDomain', { entry });
  if (/\s/.test(address.trim())) return t('find_entrySpace', { entry });
  if (!domain.includes('.')) return t('find_entryNoTopLevelDomain', { entry });
  if (domain.includes('..') || domain.startsWith('.') || domain.endsWith('.')) return t('find_entryMisplacedDot', { entry });
  return t('find_entryNotInvitable', { entry });
}

/**
 * People paste from mail clients and spreadsheets as `Ada Lovelace ada@example.com`, without the
 * angle brackets RFC 5322 wants; read the last word as the address when it is one.
 */
function bareNameThenAddress(entry: string): ParsedAddress | undefined {
  // A stray angle bracket means a typo in Name <addr> form, which the user should see, not us guess.
  if (/[<>]/.test(entry)) return undefined;
  const match = /^(.+?)\s+(\S+@\S+)$/.exec(entry);
  if (!match) return undefined;
  const email = (match[2] as string).replace(/^[([]+|[)\]]+$/g, '');
  if (!invitableEmail.test(email)) return undefined;
  const name = (match[1] as string).replace(/^["']|["']$/g, '').trim();
  return name ? { email, name } : { email };
}

export function parseOneEntry(entry: string): ParsedAddress | RejectedEntry {
  const parsed = emailAddresses.parseOneAddress({ input: entry, rejectTLD: true });
  if (parsed?.type === 'group') {
    return { text: entry, message: t('find_entryGroup', { entry: parsed.name }) };
  }
  if (parsed?.type === 'mailbox') {
    if (!invitableEmail.test(parsed.address)) {
      return { text: entry, message: t('find_entryBadCharacters', { entry: parsed.address }) };
    }
    return parsed.name ? { email: parsed.address, name: parsed.name } : { email: parsed.address };
  }
  return bareNameThenAddress(entry) ?? { text: entry, message: explain(entry) };
}

/**
 * Reads typed or pasted participants: addresses, `Name <addr>` lines, or a list of either. Every
 * entry that is not an address comes back with its own message; known addresses are skipped.
 */
export function parseParticipants(text: string, alreadyListed: readonly string[] = []): ParseOutcome {
  const seen = new Set(alreadyListed.map((email) => email.toLowerCase()));
  const outcome: ParseOutcome = { addresses: [], rejected: [], duplicates: [] };
  for (const entry of splitAddressList(text)) {
    const result = parseOneEntry(entry);
    if ('message' in result) {
      outcome.rejected.push(result);
      continue;
    }
    const key = result.email.toLowerCase();
    if (seen.has(key)) {
      outcome.duplicates.push(result.email);
      continue;
    }
    seen.add(key);
    outcome.addresses.push(result);
  }
  return outcome;
}

/**
 * True when the user just finished an entry while typing: the text ends with a separator that is
 * not inside a quoted name or angle brackets.
 */
export function endsWithSeparator(text: string): boolean {
  const marker = '\u0000';
  const entries = splitAddressList(text + marker);
  return entries.length > 1 && entries[entries.length - 1] === marker;
}

/** How a person appears on a chip and in sentences: their name when known, else their address. */
export function displayName(person: { email: string; name?: string }): string {
  return person.name ?? person.email;
}

/** Everything the participant field holds; the app keeps it so a failed search or booking loses none of it. */
export interface ParticipantFieldState {
  participants: ParticipantEntry[];
  /** Unfinished text, and entries that were not addresses, left for the user to fix. */
  text: string;
  problems: RejectedEntry[];
}

/**
 * Adds what was typed or pasted to the chips. Entries that are not addresses stay in the field
 * with their messages; the organizer and people already listed are not added again.
 */
export function commitParticipantText(state: ParticipantFieldState, text: string, organizerEmail?: string): { state: ParticipantFieldState; added: number; duplicates: string[] } {
  const listed = [...state.participants.map((person) => person.email), ...(organizerEmail ? [organizerEmail] : [])];
  const outcome = parseParticipants(text, listed);
  return {
    state: {
      participants: [...state.participants, ...outcome.addresses.map((address) => ({ ...address, optional: false }))],
      text: outcome.rejected.map((entry) => entry.text).join(', '),
      problems: outcome.rejected,
    },
    added: outcome.addresses.length,
    duplicates: outcome.duplicates,
  };
}
