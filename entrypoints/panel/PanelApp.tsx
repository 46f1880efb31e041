import { useMemo, useState } from 'react';
import { FindTimeFeature, type FindContext, type FindTimeInitial } from '@/components/FindTimeFeature';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { sendMessage } from '@/lib/messaging/client';
import type { Slot } from '@/lib/schedule';
import { fallbackText, formDuration, formWriteFor, refusalNotice } from '@/lib/sites/core/panel-plan';
import { siteLabel, type FormDraft, type SiteId } from '@/lib/sites/core/types';
import { defaultTitle } from '@/lib/ui/booking';
import { formatSlot } from '@/lib/ui/dates';
import { guidanceFor, type Guidance } from '@/lib/ui/errors';
import { useAccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { useAnnouncer } from '@/lib/ui/find/use-announcer';
import { browserTimeZone } from '@/lib/ui/time-zones';
import { useBoundForm } from './form-link';
import { openPermissionsPage } from './open-permissions';
import { PanelShell } from './PanelShell';

type WriteState =
  | { kind: 'idle' }
  | { kind: 'writing'; slot: Slot }
  | { kind: 'written'; slot: Slot; when: string; link?: string }
  | { kind: 'refused'; slot: Slot; notice: string; clipboard: string; copied: boolean }
  /** `linkMade` false: the Teams link step failed, so nothing was written into the form. */
  | { kind: 'failed'; slot: Slot; guidance: Guidance; linkMade: boolean };

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
  const [withTeams, setWithTeams] = useState(false);
  const [write, setWrite] = useState<WriteState>({ kind: 'idle' });
  // One Teams meeting per panel: every retry asks createOrGet with this key and gets the same one.
  const teamsKey = useMemo(() => crypto.randomUUID(), []);


  const canAddTeams = site === 'gcal' && !!accounts?.some((account) => account.provider === 'microsoft');

  async function writeSlot(slot: Slot, context: Pick<FindContext, 'organizerAccountId' | 'participants'>) {
    if (!form) return;
    setWrite({ kind: 'writing', slot });
    let joinUrl: string | undefined;
    try {
      if (withTeams && canAddTeams) {
        const organizerEmail = accounts?.find((account) => account.id === context.organizerAccountId)?.email;
        const title = form.draft.title || defaultTitle(context.participants, organizerEmail);
        joinUrl = (await sendMessage('inline.teamsLink', { operationKey: teamsKey, accountId: context.organizerAccountId, title, start: slot.start, end: slot.end })).joinUrl;
      }
      const outcome = await form.link.apply(formWriteFor(slot, formZone, joinUrl));
      const when = formatSlot(slot.start, slot.end, formZone);
      const notice = refusalNotice(siteName, outcome);
      if (!notice) {
        setWrite({ kind: 'written', slot, when, ...(joinUrl ? { link: joinUrl } : {}) });
        announce(`Written into the form: ${when}. Save the event in ${siteName}.`);
        return;
      }
      const clipboard = fallbackText(when, formZone, joinUrl);
      const copied = await navigator.clipboard.writeText(clipboard).then(() => true, () => false);
      setWrite({ kind: 'refused', slot, notice: copied ? notice : notice.replace('Overlap copied', 'Copy'), clipboard, copied });
    } catch (error) {
      const linkMade = !!joinUrl || !withTeams;
      setWrite({ kind: 'failed', slot, linkMade, guidance: guidanceFor(error, linkMade ? 'write into the form' : 'make the Teams link') });
    }
  }

  const [lastContext, setLastContext] = useState<Pick<FindContext, 'organizerAccountId' | 'participants'>>();
  /** The same time again, with the same Teams key: the link is the same meeting and lands once. */
  function retry() {
    if (write.kind !== 'idle' && write.kind !== 'writing' && lastContext) void writeSlot(write.slot, lastContext);
  }

  return (
    <PanelShell heading="Find a time for this event" onClose={() => void form?.link.close()} formFailure={formFailure} accounts={loaded} announcement={announcement}>
        {write.kind === 'written' && (
          <div className="result" role="status">
            <p>
              Written into the form:{' '}
              <time data-overlap-result dateTime={write.slot.start} data-end={write.slot.end}>
                {write.when}
              </time>
            </p>
            {write.link && <p className="small">Teams link added to the location and description.</p>}
            <p className="small">{siteName} saves the event when you press its Save button.</p>
            <button type="button" className="primary" autoFocus onClick={() => void form?.link.close()}>
              Done
            </button>{' '}
            <button type="button" onClick={retry}>
              Write it again
            </button>{' '}
            <button type="button" onClick={() => setWrite({ kind: 'idle' })}>
              Pick another time
            </button>
          </div>
        )}
        {write.kind === 'refused' && (
          <div className="guidance" role="alert" data-testid="write-fallback">
            <p>{write.notice}</p>
            <textarea readOnly aria-label="The time to paste" value={write.clipboard} rows={3} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" onClick={retry}>
              Try writing again
            </button>
          </div>
        )}
        {write.kind === 'failed' && (
          <>
            {!write.linkMade && <p className="warning small">The Teams link was not made, so nothing was written into the form.</p>}
            <GuidanceNotice guidance={write.guidance} onAction={retry} />
          </>
        )}
        {write.kind === 'writing' && <p className="progress">Writing into the form…</p>}
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
                canAddTeams && (
                  <label className="checkbox">
                    <input type="checkbox" checked={withTeams} onChange={(event) => setWithTeams(event.currentTarget.checked)} /> Add a Microsoft Teams link
                  </label>
                )
              }
              slotAction={{
                kind: 'pick',
                verb: 'Use this time',
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
