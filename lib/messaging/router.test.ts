import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRouter, type Handlers } from './router';
import { listenForMessages, ownSenderIdentity } from './listen';
import { MessageError, sendMessage } from './client';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
const options = { extensionId, extensionOrigin: `chrome-extension://${extensionId}` };
const popup = { id: extensionId, url: `chrome-extension://${extensionId}/popup.html` };
const contentScript = { id: extensionId, url: 'https://mail.google.com/mail/u/0/#inbox' };

/** Only the handler these tests call; the others are never reached. */
function handlers(): Handlers & { 'app.status': ReturnType<typeof vi.fn> } {
  return { 'app.status': vi.fn(async () => ({ version: '1.2.3', flavor: 'sandbox' as const })) } as unknown as Handlers & { 'app.status': ReturnType<typeof vi.fn> };
}

describe('the message router', () => {
  it('answers a valid message from an extension page with the handler result', async () => {
    const route = createRouter(handlers(), options);
    await expect(route({ type: 'app.status', payload: {} }, popup)).resolves.toEqual({
      ok: true,
      data: { version: '1.2.3', flavor: 'sandbox' },
    });
  });

  it('refuses a privileged message from a content script without running the handler', async () => {
    const h = handlers();
    const reply = await createRouter(h, options)({ type: 'app.status', payload: {} }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(h['app.status']).not.toHaveBeenCalled();
  });

  it('refuses messages from another extension', async () => {
    const reply = await createRouter(handlers(), options)({ type: 'app.status' }, { id: 'other', url: popup.url });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('treats a sender claiming our id but reporting a host page URL as a content script', async () => {
    const reply = await createRouter(handlers(), options)({ type: 'app.status' }, { id: extensionId, url: 'not a url' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender', message: expect.stringContaining('content script') } });
  });

  it.each([
    ['a string', 'app.status'],
    ['null', null],
    ['an array', [1, 2]],
    ['an envelope with extra fields', { type: 'app.status', payload: {}, token: 'x' }],
    ['an envelope without a type', { payload: {} }],
  ])('refuses %s as an invalid message and runs no handler', async (_label, raw) => {
    const h = handlers();
    const reply = await createRouter(h, options)(raw, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(h['app.status']).not.toHaveBeenCalled();
  });

  it('names the offending payload field when a payload fails its schema', async () => {
    const reply = await createRouter(handlers(), options)({ type: 'app.status', payload: { extra: true } }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    if (reply.ok) throw new Error('expected a refusal');
    expect(reply.error.issues?.[0]?.path).toBe('payload');
    expect(reply.error.issues?.[0]?.message).toMatch(/extra/);
  });

  it('refuses an unknown message type, including inherited object keys', async () => {
    const route = createRouter(handlers(), options);
    await expect(route({ type: 'toString' }, popup)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-message' } });
    await expect(route({ type: 'tokens.get' }, popup)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-message' } });
  });

  it('turns a handler exception into a handler-failed reply and reports it', async () => {
    const onHandlerError = vi.fn();
    const failing = { 'app.status': async () => { throw new Error('disk on fire'); } } as unknown as Handlers;
    const route = createRouter(failing, { ...options, onHandlerError });
    await expect(route({ type: 'app.status' }, popup)).resolves.toEqual({
      ok: false,
      error: { code: 'handler-failed', message: 'disk on fire' },
    });
    expect(onHandlerError).toHaveBeenCalledWith('app.status', expect.any(Error));
  });

  it('replies with a described error, such as missing consent, instead of a generic failure', async () => {
    const failing = { 'app.status': async () => { throw new RangeError('consent'); } } as unknown as Handlers;
    const route = createRouter(failing, {
      ...options,
      describeError: (error) => (error instanceof RangeError ? { code: 'consent-needed', message: 'Allow it', detail: { missingScopes: ['x'] } } : undefined),
    });
    await expect(route({ type: 'app.status' }, popup)).resolves.toEqual({
      ok: false,
      error: { code: 'consent-needed', message: 'Allow it', detail: { missingScopes: ['x'] } },
    });
  });
});

describe('the inline panel messages', () => {
  const panelFrame = { id: extensionId, url: `chrome-extension://${extensionId}/panel.html?site=gcal&form=0b6f7a52-5d1c-4a53-9d0e-0c6c1e7e9a11`, tab: { id: 7 } };
  const calendarPage = { id: extensionId, url: 'https://calendar.google.com/calendar/u/0/r/eventedit', tab: { id: 7 } };
  const teamsLink = {
    operationKey: '6f1c0a52-7d1c-4a53-9d0e-0c6c1e7e9a11',
    accountId: 'google:ana.lima@northwind.example',
    title: 'Planning',
    start: '2026-12-03T10:00:00Z',
    end: '2026-12-03T10:30:00Z',
  };
  function inlineHandlers() {
    return {
      'sites.health.report': vi.fn(async () => ({ recorded: true as const })),
      'sites.health.get': vi.fn(async () => ({})),
      'inline.teamsLink': vi.fn(async () => ({ joinUrl: 'https://teams.example/l/1', madeBy: 'jack.nguyen@contoso.example' })),
    } as const;
  }

  it('lets a content script report its adapter health and hands the handler the host page it came from', async () => {
    const h = inlineHandlers();
    const reply = await createRouter(h as unknown as Handlers, options)({ type: 'sites.health.report', payload: { site: 'gcal', state: 'unavailable', missing: ['title'] } }, calendarPage);
    expect(reply).toEqual({ ok: true, data: { recorded: true } });
    expect(h['sites.health.report']).toHaveBeenCalledWith({ site: 'gcal', state: 'unavailable', missing: ['title'] }, { kind: 'content-script', url: calendarPage.url });
  });

  it('refuses a content script the Teams link and the health overview, running neither handler', async () => {
    const h = inlineHandlers();
    const route = createRouter(h as unknown as Handlers, options);
    await expect(route({ type: 'inline.teamsLink', payload: teamsLink }, calendarPage)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    await expect(route({ type: 'sites.health.get', payload: {} }, calendarPage)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(h['inline.teamsLink']).not.toHaveBeenCalled();
    expect(h['sites.health.get']).not.toHaveBeenCalled();
  });

  it('treats the panel iframe, which sits in a host tab but reports our origin, as an extension page that may ask for a Teams link', async () => {
    const h = inlineHandlers();
    const reply = await createRouter(h as unknown as Handlers, options)({ type: 'inline.teamsLink', payload: teamsLink }, panelFrame);
    expect(reply).toEqual({ ok: true, data: { joinUrl: 'https://teams.example/l/1', madeBy: 'jack.nguyen@contoso.example' } });
  });

  it('refuses a health report that carries anything beyond the site, the state and the missing anchors', async () => {
    const h = inlineHandlers();
    const reply = await createRouter(h as unknown as Handlers, options)({ type: 'sites.health.report', payload: { site: 'gcal', state: 'ok', guests: ['ben@example.com'] } }, calendarPage);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(h['sites.health.report']).not.toHaveBeenCalled();
  });

  it('refuses a Teams link whose key is not a UUID, so a retry key cannot be guessed into another meeting', async () => {
    const reply = await createRouter(inlineHandlers() as unknown as Handlers, options)({ type: 'inline.teamsLink', payload: { ...teamsLink, operationKey: 'retry-1' } }, panelFrame);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message', issues: [{ path: 'payload.operationKey' }] } });
  });
});

describe('messaging through the browser', () => {
  beforeEach(() => fakeBrowser.reset());

  it('round-trips a typed request from an extension page to the background router', async () => {
    // fakeBrowser reports an empty sender, so this listener stamps the popup's identity the way
    // the browser does; the real binding is exercised end to end in Chromium.
    const route = createRouter(handlers(), ownSenderIdentity());
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (reply: unknown) => void) => {
      void route(message, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') }).then(sendResponse);
      return true;
    });
    await expect(sendMessage('app.status', {})).resolves.toEqual({ version: '1.2.3', flavor: 'sandbox' });
  });

  it('refuses a sender the browser reports without our extension id, and the client throws that refusal', async () => {
    listenForMessages(createRouter(handlers(), ownSenderIdentity()));
    const error = await sendMessage('app.status', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).reply.code).toBe('forbidden-sender');
  });

  it('turns a message the browser could not deliver or answer into a background-lost error the UI can explain', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => {
      throw new Error('The message port closed before a response was received.');
    });
    const error = await sendMessage('app.status', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).reply).toEqual({ code: 'background-lost', message: 'The message port closed before a response was received.' });
  });
});
