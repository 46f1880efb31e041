import { t } from '@/lib/i18n';
import { z } from 'zod';
import { AuthError, type AuthErrorKind } from './types';

/**
 * The private channel between the background and the document that hosts MSAL (the offscreen
 * document on Chrome/Edge). It is a `runtime.Port`, not `runtime.sendMessage`, for two reasons:
 * port messages reach only the other end of the port, so neither the pages nor the background's
 * page router (which listens to `runtime.onMessage`) ever see a token or an authorization code;
 * and the router answers every one-off message it receives, so it would race a second listener.
 * Every message is validated with the schemas below on arrival, in both directions.
 */

/** The name the MSAL host connects with; the background accepts it only from the offscreen document. */
export const MSAL_PORT_NAME = 'overlap.msal';
/** Where WXT emits `entrypoints/offscreen/index.html`. */
export const OFFSCREEN_DOCUMENT_PATH = '/offscreen.html';

/** The app registration MSAL signs in with; the background owns it and sends it with every call. */
export const MsalClientConfigSchema = z.object({
  clientId: z.string().min(1),
  /** MSAL refuses authorities that are not HTTPS (`authority_uri_insecure`). */
  authority: z.url({ protocol: /^https$/, error: 'The Microsoft authority must be an https:// URL.' }),
  /** `identity.getRedirectURL()`, which only the background can read. */
  redirectUri: z.url(),
  /** `aad` for Entra; `oidc` for any other OpenID provider, such as the sandbox's stand-in. */
  protocol: z.enum(['aad', 'oidc']),
});
export type MsalClientConfig = z.infer<typeof MsalClientConfigSchema>;

const scopeSchema = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'A scope is one word of printable characters.');

export const MsalAcquireRequestSchema = z.object({
  scopes: z.array(scopeSchema).min(1),
  /** The account to renew; absent when connecting a new one. */
  loginHint: z.email().optional(),
  /** Whether a sign-in window may be shown. */
  interactive: z.boolean(),
  /** Skip MSAL's cached access token (after Graph answered 401). */
  forceRefresh: z.boolean(),
});
export type MsalAcquireRequest = z.infer<typeof MsalAcquireRequestSchema>;

/** What MSAL's `AuthenticationResult` tells the background; nothing else crosses the port. */
export const MsalTokenSchema = z.object({
  accessToken: z.string().min(1),
  /** `AuthenticationResult.scopes`: what the provider said the token is good for. */
  scopes: z.array(z.string()),
  /** `account.username` (the `preferred_username` claim). */
  username: z.string().min(1),
  displayName: z.string().optional(),
  /** Epoch milliseconds. */
  expiresAt: z.number().int().positive(),
  /** An ID token vouched for the account, which proves `openid` and `profile` were granted. */
  idTokenReceived: z.boolean(),
});
export type MsalToken = z.infer<typeof MsalTokenSchema>;

/** What the background asks of MSAL, wherever MSAL lives (offscreen document, or a Firefox event page). */
export interface MicrosoftTokenSource {
  acquire(request: MsalAcquireRequest): Promise<MsalToken>;
  /** Removes the account and its tokens from MSAL's cache. */
  forget(username: string): Promise<void>;
}

const authErrorKindSchema = z.enum(['interaction-required', 'cancelled', 'not-configured', 'provider-error']) satisfies z.ZodType<AuthErrorKind>;
const failureSchema = z.object({ ok: z.literal(false), kind: authErrorKindSchema, message: z.string() });
const callId = z.number().int().nonnegative();

export const MsalCallSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('acquire'), config: MsalClientConfigSchema, request: MsalAcquireRequestSchema }),
  z.object({ op: z.literal('forget'), config: MsalClientConfigSchema, username: z.string().min(1) }),
]);
export type MsalCall = z.infer<typeof MsalCallSchema>;

/** Background → MSAL host. */
export const ToMsalHostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), id: callId, call: MsalCallSchema }),
  /** The answer to a `flow` the host asked for: where the provider redirected, or why it did not. */
  z.object({
    kind: z.literal('flow-answer'),
    id: callId,
    answer: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), redirectUrl: z.url() }), z.object({ ok: z.literal(false), message: z.string() })]),
  }),
]);
export type ToMsalHost = z.infer<typeof ToMsalHostSchema>;

/** MSAL host → background. */
export const FromMsalHostSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answer'),
    id: callId,
    answer: z.union([z.object({ ok: z.literal(true), token: MsalTokenSchema }), z.object({ ok: z.literal(true), forgotten: z.literal(true) }), failureSchema]),
  }),
  /** Asks the background to run an authorize URL MSAL built, through `identity.launchWebAuthFlow`. */
  z.object({ kind: z.literal('flow'), id: callId, url: z.url(), interactive: z.boolean() }),
]);
export type FromMsalHost = z.infer<typeof FromMsalHostSchema>;
type MsalAnswer = Extract<FromMsalHost, { kind: 'answer' }>['answer'];

/** The slice of `runtime.Port` both ends use; tests connect two in memory. */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

function failureOf(error: unknown): z.infer<typeof failureSchema> {
  if (error instanceof AuthError) return { ok: false, kind: error.kind, message: error.message };
  return { ok: false, kind: 'provider-error', message: error instanceof Error ? error.message : t('auth_signInFailed') };
}

/**
 * The MSAL host's end of the port: answers the background's calls with a token source built for
 * the call's configuration, and lends that source a way to run sign-in windows through the
 * background (the host itself has only `chrome.runtime`). It listens to nothing but this port,
 * whose other end is the background, so no page or content script can drive it.
 */
export function serveMsalHost(
  port: PortLike,
  sourceFor: (config: MsalClientConfig, launchFlow: (url: string, interactive: boolean) => Promise<string>) => MicrosoftTokenSource,
): void {
  let nextFlowId = 0;
  const flows = new Map<number, { resolve: (url: string) => void; reject: (error: Error) => void }>();
  const launchFlow = (url: string, interactive: boolean) =>
    new Promise<string>((resolve, reject) => {
      const id = nextFlowId++;
      flows.set(id, { resolve, reject });
      port.postMessage({ kind: 'flow', id, url, interactive } satisfies FromMsalHost);
    });

  port.onDisconnect.addListener(() => {
    for (const flow of flows.values()) flow.reject(new Error(t('auth_backgroundGone')));
    flows.clear();
  });

  port.onMessage.addListener((raw) => {
    const parsed = ToMsalHostSchema.safeParse(raw);
    if (!parsed.success) {
      const id = callId.safeParse((raw as { id?: unknown } | null)?.id);
      if (id.success && (raw as { kind?: unknown }).kind === 'call') {
        port.postMessage({ kind: 'answer', id: id.data, answer: { ok: false, kind: 'provider-error', message: t('auth_malformedHostRequest', { detail: parsed.error.issues.map((issue) => issue.message).join('; ') }) } } satisfies FromMsalHost);
      }
      return;
    }
    const message = parsed.data;
    if (message.kind === 'flow-answer') {
      const flow = flows.get(message.id);
      flows.delete(message.id);
      if (message.answer.ok) flow?.resolve(message.answer.redirectUrl);
      else flow?.reject(new Error(message.answer.message));
      return;
    }
    const { id, call } = message;
    const source = sourceFor(call.config, launchFlow);
    const work: Promise<MsalAnswer> =
      call.op === 'acquire'
        ? source.acquire(call.request).then((token) => ({ ok: true as const, token }))
        : source.forget(call.username).then(() => ({ ok: true as const, forgotten: true as const }));
    void work.then(
      (answer) => port.postMessage({ kind: 'answer', id, answer } satisfies FromMsalHost),
      (error: unknown) => port.postMessage({ kind: 'answer', id, answer: failureOf(error) } satisfies FromMsalHost),
    );
  });
}

/** Rebuilds on the background's side the error the host reported. */
export function authErrorFrom(failure: { kind: AuthErrorKind; message: string }): AuthError {
  return new AuthError('microsoft', failure.kind, failure.message);
}
