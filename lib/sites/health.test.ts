import { describe, expect, it } from 'vitest';
import { SiteHealthBook, memorySessionArea } from './health';

describe('the site health book', () => {
  it('keeps the latest word per site, with the origin the browser stamped and the anchors that were missing', async () => {
    const book = new SiteHealthBook(memorySessionArea(), () => new Date('2026-12-02T16:00:00Z'));
    await book.record({ site: 'gcal', state: 'unavailable', missing: ['title', 'startDate'] }, 'https://calendar.google.com');
    await book.record({ site: 'gmail', state: 'ok' }, 'https://mail.google.com');
    expect(await book.all()).toEqual({
      gcal: { state: 'unavailable', missing: ['title', 'startDate'], origin: 'https://calendar.google.com', at: '2026-12-02T16:00:00.000Z' },
      gmail: { state: 'ok', missing: [], origin: 'https://mail.google.com', at: '2026-12-02T16:00:00.000Z' },
    });
  });

  it('clears an unavailable verdict once a page of that site finds its anchors again', async () => {
    const book = new SiteHealthBook(memorySessionArea());
    await book.record({ site: 'gcal', state: 'unavailable', missing: ['title'] }, undefined);
    await book.record({ site: 'gcal', state: 'ok' }, undefined);
    expect((await book.all()).gcal).toMatchObject({ state: 'ok', missing: [] });
  });
});
