import { describe, expect, it } from 'vitest';
import { parseInsertBlock } from './insert-block';

describe('an insert block from the channel', () => {
  it('is taken when it is short lines of text with https links only', () => {
    const block = { id: 'b1', kind: 'invite', lines: [{ text: 'Invitation sent for Thu', href: 'https://calendar.google.com/event?eid=1' }] };
    expect(parseInsertBlock(block)).toEqual(block);
  });

  it('is refused with a script link, an unknown kind, no lines or a line that is not text', () => {
    for (const block of [
      { id: 'b', kind: 'invite', lines: [{ text: 'x', href: 'javascript:alert(1)' }] },
      { id: 'b', kind: 'html', lines: [{ text: 'x' }] },
      { id: 'b', kind: 'times', lines: [] },
      { id: 'b', kind: 'times', lines: [{ text: { toString: () => '<b>' } }] },
      undefined,
    ]) {
      expect(parseInsertBlock(block)).toBeUndefined();
    }
  });
});
