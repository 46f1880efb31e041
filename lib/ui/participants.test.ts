import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commitParticipantText, endsWithSeparator, parseOneEntry, parseParticipants, splitAddressList } from './participants';

describe('splitAddressList', () => {
  it('splits a pasted list on commas, semicolons and line breaks', () => {
    expect(splitAddressList('a@x.com, b@x.com;c@x.com\nd@x.com\r\ne@x.com')).toEqual(['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com']);
  });

  it('keeps a comma inside a quoted display name as part of the name', () => {
    expect(splitAddressList('"Lovelace, Ada" <ada@example.com>; bob@example.com')).toEqual(['"Lovelace, Ada" <ada@example.com>', 'bob@example.com']);
  });

  it('drops the empty entries that trailing and doubled separators leave', () => {
    expect(splitAddressList(' ,, a@x.com ;\n\n')).toEqual(['a@x.com']);
  });
});

describe('parseParticipants', () => {
  it('reads plain addresses and Name <addr> lines from one paste', () => {
    const outcome = parseParticipants('Ada Lovelace <ada@example.com>\nbob@example.org; "Hopper, Grace" <grace@navy.mil>');
    expect(outcome.addresses).toEqual([
      { email: 'ada@example.com', name: 'Ada Lovelace' },
      { email: 'bob@example.org' },
      { email: 'grace@navy.mil', name: 'Hopper, Grace' },
    ]);
    expect(outcome.rejected).toEqual([]);
  });

  it('reads a name followed by a bare address, as spreadsheets paste it', () => {
    expect(parseParticipants('Ada Lovelace ada@example.com').addresses).toEqual([{ email: 'ada@example.com', name: 'Ada Lovelace' }]);
  });

  it('gives each bad entry its own message and keeps its text, while the good ones still come through', () => {
    const outcome = parseParticipants('ada@example.com, bob, carol@, @example.com, dan@localhost, Eve <eve@example.com');
    expect(outcome.addresses).toEqual([{ email: 'ada@example.com' }]);
    expect(outcome.rejected.map((entry) => entry.text)).toEqual(['bob', 'carol@', '@example.com', 'dan@localhost', 'Eve <eve@example.com']);
    expect(outcome.rejected.map((entry) => entry.message)).toEqual([
      '“bob” is not an email address: it has no “@”.',
      '“carol@” is missing the domain after the “@”.',
      '“@example.com” is missing the name before the “@”.',
      '“dan@localhost” has no top-level domain (such as “.com”) after the “@”.',
      '“Eve <eve@example.com” has an opening “<” but no closing “>”.',
    ]);
  });

  it('explains a doubled at sign and a space inside the address', () => {
    const outcome = parseParticipants('ada@@example.com; ada lovelace@example.com x');
    expect(outcome.rejected.map((entry) => entry.message)).toEqual([
      '“ada@@example.com” has more than one “@”.',
      '“ada lovelace@example.com x” contains a space inside the address.',
    ]);
  });

  it('refuses a group with a message that says to paste its members instead', () => {
    expect(parseOneEntry('Team: a@x.com;')).toEqual({ text: 'Team: a@x.com;', message: '“Team” is a group; paste its members\' addresses instead.' });
  });

  it('skips addresses already listed, ignoring case, and reports them as duplicates', () => {
    const outcome = parseParticipants('ADA@example.com, bob@example.com, Bob <BOB@example.com>', ['ada@example.com']);
    expect(outcome.addresses).toEqual([{ email: 'bob@example.com' }]);
    expect(outcome.duplicates).toEqual(['ADA@example.com', 'BOB@example.com']);
  });

  it('refuses an address RFC 5322 allows but calendar invitations do not', () => {
    const outcome = parseParticipants('"ada lovelace"@example.com');
    expect(outcome.addresses).toEqual([]);
    expect(outcome.rejected[0]?.message).toMatch(/calendar invitations do not accept/);
  });

  it('accepts exactly the addresses the background’s email schema accepts', () => {
    const candidates = ['ada@example.com', "o'brien+cal@sub.example.co.uk", 'ada@localhost', 'ada.@example.com', 'ada..b@example.com', 'ada@-example.com', 'ada@example.c', 'a_b-c@ex-ample.org'];
    for (const address of candidates) {
      expect(parseParticipants(address).addresses.length === 1, address).toBe(z.email().safeParse(address).success);
    }
  });
});

describe('endsWithSeparator', () => {
  it('says an entry is finished when a comma, semicolon or line break follows it', () => {
    expect(endsWithSeparator('ada@example.com,')).toBe(true);
    expect(endsWithSeparator('ada@example.com; ')).toBe(true);
    expect(endsWithSeparator('ada@example.com\n')).toBe(true);
  });

  it('does not finish an entry on a comma inside a quoted name or on an empty field', () => {
    expect(endsWithSeparator('"Lovelace,')).toBe(false);
    expect(endsWithSeparator('ada@example.com')).toBe(false);
    expect(endsWithSeparator(',')).toBe(false);
  });
});

describe('commitParticipantText', () => {
  it('adds new people as required, keeps earlier chips, and leaves bad entries in the field with their messages', () => {
    const before = { participants: [{ email: 'ada@example.com', optional: true }], text: '', problems: [] };
    const { state, added, duplicates } = commitParticipantText(before, 'bob@example.com, me@example.com, ada@example.com, carol@', 'ME@example.com');
    expect(state.participants).toEqual([
      { email: 'ada@example.com', optional: true },
      { email: 'bob@example.com', optional: false },
    ]);
    expect(added).toBe(1);
    expect(duplicates).toEqual(['me@example.com', 'ada@example.com']);
    expect(state.text).toBe('carol@');
    expect(state.problems).toEqual([{ text: 'carol@', message: '“carol@” is missing the domain after the “@”.' }]);
  });
});
