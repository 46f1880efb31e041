import { describe, expect, it } from 'vitest';
import { isFromOwnPage, panelPath, parsePanelRequest } from './channel';

const formId = '4064aef8-feb3-49a8-9073-4e0cd7e73604';
const write = { start: { date: '2026-12-03', time: '10:00' }, end: { date: '2026-12-03', time: '10:30' } };

describe('the panel ↔ content script channel', () => {
  it('accepts exactly the three requests a panel makes', () => {
    expect(parsePanelRequest({ overlapPanel: 'context', formId })).toEqual({ overlapPanel: 'context', formId });
    expect(parsePanelRequest({ overlapPanel: 'close', formId })).toEqual({ overlapPanel: 'close', formId });
    expect(parsePanelRequest({ overlapPanel: 'apply', formId, write: { ...write, link: { url: 'https://teams.microsoft.com/l/x', label: 'Join' } } })).toMatchObject({ overlapPanel: 'apply', write });
  });

  it.each([
    ['an unknown request', { overlapPanel: 'readTokens', formId }],
    ['a request without a form id', { overlapPanel: 'context' }],
    ['a write whose time is not a wall-clock time', { overlapPanel: 'apply', formId, write: { ...write, start: { date: '3 Dec', time: '10:00' } } }],
    ['a write whose link is not https', { overlapPanel: 'apply', formId, write: { ...write, link: { url: 'javascript:alert(1)', label: 'Join' } } }],
    ['a write without an end', { overlapPanel: 'apply', formId, write: { start: write.start } }],
    ['nothing at all', null],
  ])('drops %s', (_label, raw) => {
    expect(parsePanelRequest(raw)).toBeUndefined();
  });

  it('answers only Overlap pages: our id on an extension scheme, never a web page or another extension', () => {
    expect(isFromOwnPage({ id: 'ours', url: `chrome-extension://ours/panel.html?form=${formId}` }, 'ours')).toBe(true);
    expect(isFromOwnPage({ id: 'ours', url: 'https://calendar.google.com/calendar/u/0/r' }, 'ours')).toBe(false);
    expect(isFromOwnPage({ id: 'theirs', url: 'chrome-extension://theirs/page.html' }, 'ours')).toBe(false);
    expect(isFromOwnPage({ id: 'ours' }, 'ours')).toBe(false);
  });

  it('binds a panel to its form by the form id in its address', () => {
    expect(panelPath('gcal', formId)).toBe(`/panel.html?site=gcal&form=${formId}`);
  });
});
