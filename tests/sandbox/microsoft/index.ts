import { createHash } from 'node:crypto';
import { SANDBOX_EXTENSION_ID, SANDBOX_GECKO_ID, SANDBOX_MICROSOFT_CLIENT_ID } from '@/lib/sandbox-endpoints';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { ProviderControl, SandboxContext } from '../core/context';
import { listen } from '../core/server';
import { scenarioPeople } from '../scenario';
import { createGraphApp } from './graph';
import { startMicrosoftIdentity, type AutoSignIn, type ConsentGrant } from './identity';
import { seedMailboxes, type Mailbox, type StoredEvent } from './mailboxes';

export { graphResource, graphScopes, consumerTenantId } from './identity';
export type { AutoSignIn, ConsentGrant } from './identity';

/** The Entra app registration the sandbox plays: a public SPA client, as Overlap registers it. */
export const sandboxMicrosoftClientId = SANDBOX_MICROSOFT_CLIENT_ID;
export const sandboxTenantId = 'c0a7e1b2-55d4-4f0e-9e3a-7b1c2d3e4f50';
/** The sandbox build's extension id (pinned by its manifest key), so its redirect URI and origin are registered. */
export const sandboxExtensionId = SANDBOX_EXTENSION_ID;

export interface MicrosoftStandInOptions {
  /** Extension ids whose `https://<id>.chromiumapp.org/` redirect and `chrome-extension://<id>` origin are allowed. */
  extensionIds?: string[];
  /** Firefox add-on ids whose `https://<sha1 of the id>.extensions.allizom.org/` redirect is allowed. */
  geckoIds?: string[];
  accessTokenTtlSeconds?: number;
}

export interface MicrosoftSandboxState extends ProviderControl {
  clientId: string;
  /** PEM of the identity server's self-signed certificate, for clients that must trust it. */
  identityCertificate: string;
  /** Redirect URIs registered for the client. */
  redirectUris: string[];
  mailboxes(): { email: string; accountType: 'work' | 'personal'; kind: 'person' | 'room' }[];
  /** Stored events of one mailbox as Graph renders them (UTC), with their extended properties. */
  readEvents(mailbox: string): Graph.Event[];
  /** Standalone Teams meetings the mailbox's owner created (`/me/onlineMeetings`), oldest first. */
  readOnlineMeetings(mailbox: string): Graph.OnlineMeeting[];
  /** Every access token of `account` stops working now (401), as after revocation at Entra. */
  revokeGrant(account: string): number;
  /** The admin removes the app's consent (myapps.microsoft.com): refresh fails, issued access tokens live on until expiry. */
  removeConsent(account: string): number;
  consentGrants(account?: string): ConsentGrant[];
  /** Lets the simulated user sign in and consent without a form (303 redirects only); null restores the forms. */
  setAutoSignIn(account: string, decision: AutoSignIn | null): void;
}

export interface MicrosoftStandIns {
  urls: { graph: string; microsoftAuthority: string };
  state: MicrosoftSandboxState;
  stop(): Promise<void>;
}

function storedToWire(event: StoredEvent): Graph.Event {
  return {
    id: event.id,
    subject: event.subject,
    start: { dateTime: event.start.toISOString(), timeZone: 'UTC' },
    end: { dateTime: event.end.toISOString(), timeZone: 'UTC' },
    showAs: event.showAs,
    isCancelled: event.isCancelled,
    isOrganizer: event.isOrganizer,
    location: { displayName: event.location },
    body: { contentType: 'html', content: event.body },
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
    transactionId: event.transactionId,
    attendees: event.attendees.map((attendee) => ({ type: attendee.type, emailAddress: { address: attendee.email } })),
    singleValueExtendedProperties: [...event.extendedProperties.values()].map((property) => ({ ...property })),
  };
}

export async function startMicrosoftStandIns(
  ctx: SandboxContext,
  ports: { graph: number; microsoftIdentity: number },
  options: MicrosoftStandInOptions = {},
): Promise<MicrosoftStandIns> {
  const extensionIds = options.extensionIds ?? [sandboxExtensionId];
  const geckoIds = options.geckoIds ?? [SANDBOX_GECKO_ID];
  // The app registration lists each browser's identity redirect (see the README), as a SPA redirect.
  const redirectUris = [
    ...extensionIds.map((id) => `https://${id}.chromiumapp.org/`),
    ...geckoIds.map((id) => `https://${createHash('sha1').update(id).digest('hex')}.extensions.allizom.org/`),
  ];
  const mailboxes: Map<string, Mailbox> = seedMailboxes(ctx.clock.now());
  const identity = await startMicrosoftIdentity(ctx, {
    port: ports.microsoftIdentity,
    tenantId: sandboxTenantId,
    accounts: scenarioPeople
      .filter((person) => person.provider === 'microsoft' && person.kind === 'person')
      .map((person) => ({ email: person.email, name: person.name, accountType: person.accountType ?? 'work' })),
    clients: [
      {
        clientId: sandboxMicrosoftClientId,
        redirectUris,
        allowedOrigins: extensionIds.map((id) => `chrome-extension://${id}`),
        // Firefox gives each install its own random moz-extension:// host, which no registration
        // can name; Entra asks only that a SPA's token request be cross-origin, so any such origin passes.
        allowAnyFirefoxExtensionOrigin: geckoIds.length > 0,
      },
    ],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  let graph;
  try {
    graph = await listen(createGraphApp({ ctx, mailboxes, checkAccessToken: identity.checkAccessToken }), { port: ports.graph });
  } catch (error) {
    await identity.stop();
    throw error;
  }

  const mailboxOf = (email: string): Mailbox => {
    const mailbox = mailboxes.get(email.toLowerCase());
    if (!mailbox) throw new Error(`No Microsoft mailbox ${email} in the sandbox.`);
    return mailbox;
  };

  const state: MicrosoftSandboxState = {
    clientId: sandboxMicrosoftClientId,
    identityCertificate: identity.certificate,
    redirectUris,
    mailboxes: () => [...mailboxes.values()].map(({ email, accountType, kind }) => ({ email, accountType, kind })),
    readEvents: (mailbox) =>
      [...mailboxOf(mailbox).events.values()].sort((a, b) => a.start.getTime() - b.start.getTime()).map(storedToWire),
    readOnlineMeetings: (mailbox) => [...mailboxOf(mailbox).onlineMeetings],
    expireTokens: (account) => identity.expireTokens(account),
    revokeGrant: (account) => identity.revokeTokens(account),
    removeConsent: (account) => identity.removeConsent(account),
    consentGrants: (account) => identity.consentGrants(account),
    setAutoSignIn: (account, decision) => identity.setAutoSignIn(account, decision),
  };

  return {
    urls: { graph: `${graph.origin}/v1.0`, microsoftAuthority: `${identity.origin}/` },
    state,
    stop: async () => {
      await Promise.all([graph.stop(), identity.stop()]);
    },
  };
}
