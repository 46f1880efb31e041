import { useMemo, useState } from 'react';
import { FindTimeFeature, type FindContext, type FindTimeInitial } from '@/components/FindTimeFeature';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { sendMessage } from '@/lib/messaging/client';
import type { Slot } from '@/lib/schedule';
import { fallbackText, formDuration, formWriteFor } from '@/lib/sites/core/panel-plan';
import { outlookComposeLink } from '@/lib/sites/outlook/deep-link';
import { siteLabel, type FormDraft, type SiteId } from '@/lib/sites/core/types';
import { defaultTitle } from '@/lib/ui/booking';
import { formatSlot } from '@/lib/ui/dates';
import { guidanceFor, type Guidance } from '@/lib/ui/errors';
import { refusalNotice } from '@/lib/ui/refusal-notice';
import { useAccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { useAnnouncer } from '@/lib/ui/find/use-announcer';
import { browserTimeZone } from '@/lib/ui/time-zones';
import { useBoundForm } from './form-link';
import { openPermissionsPage } from './open-permissions';
import { PanelShell } from './PanelShell';
import { t } from '@/lib/i18n';

type WriteState =
  | { kind: 'idle' }
  | { kind: 'writing'; slot: Slot }
  | { kind: 'written'; slot: Slot; when: string; link?: string }
  /** `composeLink`: Outlook's deep link to a new form pre-filled with the same time and link. */
  | { kind: 'refused'; slot: Slot; notice: string; clipboard: string; copied: boolean; composeLink?: string }
  /** `linkMade` false: the call link step failed, so nothing was written into the form. */
  | { kind: 'failed'; slot: Slot; guidance: Guidance; linkMade: boolean };

/**
 * The call link a panel can add that the host site cannot make itself: Teams on a Google event
 * (Google Calendar adds Meet itself), Meet on an Outlook one (Outlook's own toggle adds Teams).
 * Each is made through an extension-page-only message keyed by the panel, so a retry makes none anew.
 */
const callLinks = {
  gcal: { name: 'Microsoft Teams', short: 'Teams', label: t('meeting_teamsLinkLabel'), provider: 'microsoft' },
  outlook: { name: 'Google Meet', short: 'Google Meet', label: t('meeting_meetLinkLabel'), provider: 'google' },
} as const satisfies Partial<Record<SiteId, { name: string; short: string; label: string; provider: 'google' | 'microsoft' }>>;

type CallLinkSite = keyof typeof callLinks;

const hasCallLink = (site: SiteId): site is CallLinkSite => site in callLinks;

async function makeCallLink(site: CallLinkSite, request: { operationKey: string; accountId: string; title: string; start: string; end: string }): Promise<string> {
  if (site === 'outlook') return (await sendMessage('inline.meetLink', { operationKey: request.operationKey, accountId: request.accountId })).joinUrl;
  return (await sendMessage('inline.teamsLink', request)).joinUrl;
}

export function initialFrom(draft: FormDraft): FindTimeInitial {
  const durationMinutes = formDuration(draft);
  return {
    participants: draft.attendees.map((person) => ({ email: person.email, optional: person.optional ?? false, ...(person.name ? { name: person.name } : {}) })),
    pendingText: draft.pendingText,
    ...(draft.title ? { title: draft.title } : {}),
    ...(durationMinutes ? { durationMinutes } : {}),
    ...(draft.start ? { startDay: draft.start.slice(0, 10) } : {}),
  };
}

/**
 * The inline panel: an extension page in an iframe on the host site, bound to one form. It hosts
 * the one find-a-time feature, asks the background itself for everything privileged (free/busy,
 * a Teams link), and gives the page only "write this time and link into the form", which the
 * content script reads back. The host app saves the event: no event-write scope is needed here.
 */
export function PanelApp() {
  const { site, formId } = useMemo(() => {
    const params = new URLSearchParams(location.search);
    return { site: (params.get('site') ?? 'gcal') as SiteId, formId: params.get('form') ?? '' };
  }, []);
  const siteName = siteLabel[site];
  const formZone = useMemo(browserTimeZone, []);
  const loaded = useAccountsAndPreferences();
  const { accounts, preferences } = loaded;
  const { announcement, announce } = useAnnouncer();
  const { form, formFailure } = useBoundForm(formId);
  const [withLink, setWithLink] = useState(false);
  const [write, setWrite] = useState<WriteState>({ kind: 'idle' });
  // One call link per panel: every retry asks with this key and gets the same Teams meeting or Meet room.
  const linkKey = useMemo(() => crypto.randomUUID(), []);


  const callLink = hasCallLink(site) ? callLinks[site] : undefined;
  const canAddLink = !!callLink && !!accounts?.some((account) => account.provider === callLink.provider);

  async function writeSlot(slot: Slot, context: Pick<FindContext, 'organizerAccountId' | 'participants'>) {
    if (!form) return;
    setWrite({ kind: 'writing', slot });
    let joinUrl: string | undefined;
    try {
      const organizerEmail = accounts?.find((account) => account.id === context.organizerAccountId)?.email;
      const title = form.draft.title || defaultTitle(context.participants, organizerEmail);
      if (withLink && canAddLink) {
        joinUrl = await makeCallLink(site as CallLinkSite, { operationKey: linkKey, accountId: context.organizerAccountId, title, start: slot.start, end: slot.end });
      }
      const outcome = await form.link.apply(formWriteFor(slot, formZone, joinUrl, callLink?.label));
      const when = formatSlot(slot.start, slot.end, formZone);
      if (!outcome.refused.length) {
        setWrite({ kind: 'written', slot, when, ...(joinUrl ? { link: joinUrl } : {}) });
        announce(t('panel_announceWritten', { when, site: siteName }));
        return;
      }
      const clipboard = fallbackText(when, formZone, joinUrl, callLink?.label);
      const copied = await navigator.clipboard.writeText(clipboard).then(() => true, () => false);
      const notice = refusalNotice(siteName, outcome, copied) ?? '';
      const composeLink =
        site === 'outlook' ? outlookComposeLink(form.origin, { subject: title, start: slot.start, end: slot.end, ...(joinUrl ? { body: `${t('meeting_meetLinkLabel')}: ${joinUrl}`, location: joinUrl } : {}) }) : undefined;
      setWrite({ kind: 'refused', slot, notice, clipboard, copied, ...(composeLink ? { composeLink } : {}) });
    } catch (error) {
      const linkMade = !!joinUrl || !withLink;
      setWrite({ kind: 'failed', slot, linkMade, guidance: guidanceFor(error, linkMade ? t('guidance_doingWriteForm') : t('guidance_doingMakeLink', { link: callLink?.short ?? '' })) });
    }
  }

  const [lastContext, setLastContext] = useState<Pick<FindContext, 'organizerAccountId' | 'participants'>>();
  /** The same time again, with the same link key: the link is the same Teams meeting or Meet room and lands once. */
  function retry() {
    if (write.kind !== 'idle' && write.kind !== 'writing' && lastContext) void writeSlot(write.slot, lastContext);
  }

  return (
    <PanelShell heading={t('panel_headingEvent')} onClose={() => void form?.link.close()} formFailure={formFailure} accounts={loaded} announcement={announcement}>
        {write.kind === 'written' && (
          <div className="result" role="status">
            <p>
              {t('panel_written')}{' '}
              <time data-overlap-result dateTime={write.slot.start} data-end={write.slot.end}>
                {write.when}
              </time>
            </p>
            {write.link && <p className="small">{t('panel_linkAdded', { link: callLink?.short ?? '' })}</p>}
            <p className="small">{t('panel_saveHint', { site: siteName })}</p>
            <button type="button" className="primary" autoFocus onClick={() => void form?.link.close()}>
              {t('common_done')}
            </button>{' '}
            <button type="button" onClick={retry}>
              {t('panel_writeAgain')}
            </button>{' '}
            <button type="button" onClick={() => setWrite({ kind: 'idle' })}>
              {t('panel_pickAnother')}
            </button>
          </div>
        )}
        {write.kind === 'refused' && (
          <div className="guidance" role="alert" data-testid="write-fallback">
            <p>{write.notice}</p>
            <textarea readOnly aria-label={t('panel_timeToPaste')} value={write.clipboard} rows={3} onFocus={(event) => event.currentTarget.select()} />
            {write.composeLink && (
              <p>
                <a href={write.composeLink} target="_blank" rel="noreferrer" data-overlap-compose-link>
                  {t('panel_outlookCompose')}
                </a>
              </p>
            )}
            <button type="button" onClick={retry}>
              {t('panel_tryWriting')}
            </button>
          </div>
        )}
        {write.kind === 'failed' && (
          <>
            {!write.linkMade && <p className="warning small">{t('panel_linkNotMade', { link: callLink?.short ?? '' })}</p>}
            <GuidanceNotice guidance={write.guidance} onAction={retry} />
          </>
        )}
        {write.kind === 'writing' && <p className="progress">{t('panel_writing')}</p>}
        {form && accounts && accounts.length > 0 && (
          // Kept mounted while a written time is shown, so "Pick another time" returns to the same results.
          <div hidden={write.kind === 'written'}>
            <FindTimeFeature
              accounts={accounts}
              preferences={preferences?.preferences}
              announce={announce}
              onOpenPermissions={openPermissionsPage}
              initial={initialFrom(form.draft)}
              extraFields={
                canAddLink && (
                  <label className="checkbox">
                    <input type="checkbox" checked={withLink} onChange={(event) => setWithLink(event.currentTarget.checked)} /> {t('panel_addLink', { link: callLink?.name ?? '' })}
                  </label>
                )
              }
              slotAction={{
                kind: 'pick',
                verb: t('panel_useThisTime'),
                onPick: (slot, context) => {
                  setLastContext(context);
                  void writeSlot(slot, context);
                },
              }}
            />
          </div>
        )}
    </PanelShell>
  );
}
