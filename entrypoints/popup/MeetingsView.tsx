import { useCallback, useEffect, useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { MeetingList } from '@/components/MeetingList';
import type { PartnerMeeting } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { formatSlot } from '@/lib/ui/dates';
import { guidanceFor, type Guidance } from '@/lib/ui/errors';
import { safeEventUrl } from '@/lib/ui/provider-links';
import { t } from '@/lib/i18n';

export interface MeetingsViewProps {
  /** True while the view is on screen; the list reloads each time it is shown. */
  visible: boolean;
  timeZone: string;
  onReschedule(meeting: PartnerMeeting): void;
  onOpenPermissions(): void;
  announce(text: string): void;
}

const calendarKeys = { google: 'meetings_calendarGoogle', microsoft: 'meetings_calendarMicrosoft' } as const satisfies Record<PartnerMeeting['provider'], string>;

/** An action on one meeting: confirmed in a dialog (cancel, forget) or run at once (finish), and how it went. */
type MeetingAction = { kind: 'cancel' | 'forget' | 'finish'; meeting: PartnerMeeting; running: boolean; failure?: Guidance };

/** Each action in the words a failure message uses ("Could not … "). */
const doings = { cancel: 'guidance_doingCancel', forget: 'guidance_doingForget', finish: 'guidance_doingFinish' } as const satisfies Record<MeetingAction['kind'], string>;

/**
 * "Meetings Overlap created": the list; cancelling one after a confirmation; and for a booking
 * that was never confirmed, checking and finishing it, or forgetting it after a plain warning.
 */
export function MeetingsView({ visible, timeZone, onReschedule, onOpenPermissions, announce }: MeetingsViewProps) {
  const [meetings, setMeetings] = useState<PartnerMeeting[] | undefined>();
  const [loadFailure, setLoadFailure] = useState<Guidance | undefined>();
  const [action, setAction] = useState<MeetingAction | undefined>();

  const load = useCallback(async () => {
    setLoadFailure(undefined);
    try {
      setMeetings(await sendMessage('meetings.list', {}));
    } catch (error) {
      setMeetings([]);
      setLoadFailure(guidanceFor(error, t('guidance_doingListMeetings')));
    }
  }, []);

  useEffect(() => {
    if (visible) void load();
  }, [visible, load]);

  async function run(kind: MeetingAction['kind'], meeting: PartnerMeeting) {
    setAction({ kind, meeting, running: true });
    try {
      const result = await sendMessage(`meetings.${kind}`, { meetingId: meeting.id });
      setAction(undefined);
      announce(outcomeText(kind, result));
      await load();
    } catch (error) {
      setAction({ kind, meeting, running: false, failure: guidanceFor(error, t(doings[kind])) });
      // A failed check may have changed the record's note (e.g. "could not check"); show it.
      if (kind === 'finish') await load();
    }
  }

  async function remedy(current: MeetingAction) {
    const remedyAction = current.failure?.action;
    if (!remedyAction) return;
    if (remedyAction.kind === 'open-permissions') return onOpenPermissions();
    if (remedyAction.kind === 'grant-and-retry') {
      await sendMessage('features.set', { accountId: current.meeting.accountId, feature: remedyAction.feature, enabled: true }).catch(() => undefined);
    }
    await run(current.kind, current.meeting);
  }

  // Re-spelled so the type keeps the narrowed kind: only cancel and forget are confirmed first.
  const confirming = action && action.kind !== 'finish' ? { ...action, kind: action.kind } : undefined;
  const finishing = action?.kind === 'finish' ? action : undefined;

  return (
    <section aria-labelledby="meetings-heading" className="meetings-view">
      <h2 id="meetings-heading">{t('meetings_heading')}</h2>
      {loadFailure && <GuidanceNotice guidance={loadFailure} onAction={() => void load()} />}
      {finishing?.running && <p className="progress" role="status">{t('meetings_checking', { title: finishing.meeting.title, calendar: t(calendarKeys[finishing.meeting.provider]) })}</p>}
      {finishing?.failure && <GuidanceNotice guidance={finishing.failure} onAction={() => void remedy(finishing)} />}
      <MeetingList
        meetings={meetings}
        timeZone={timeZone}
        busyId={action?.running ? action.meeting.id : undefined}
        onReschedule={onReschedule}
        onCancel={(meeting) => setAction({ kind: 'cancel', meeting, running: false })}
        onFinish={(meeting) => void run('finish', meeting)}
        onForget={(meeting) => setAction({ kind: 'forget', meeting, running: false })}
      />
      {confirming && (
        <ConfirmDialog
          title={t(confirmations[confirming.kind].title, { title: confirming.meeting.title })}
          danger
          confirmLabel={t(confirmations[confirming.kind].confirmLabel)}
          runningLabel={t(confirmations[confirming.kind].runningLabel)}
          cancelLabel={t('meetings_keepIt')}
          running={confirming.running}
          failure={confirming.failure}
          onConfirm={() => void run(confirming.kind, confirming.meeting)}
          onRemedy={() => void remedy(confirming)}
          onClose={() => setAction(undefined)}
        >
          {confirming.kind === 'cancel' ? (
            <p>{t('meetings_cancelWarning', { when: formatSlot(confirming.meeting.start, confirming.meeting.end, timeZone) })}</p>
          ) : (
            <ForgetWarning meeting={confirming.meeting} />
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

const confirmations = {
  cancel: { title: 'meetings_cancelTitle', confirmLabel: 'meetings_cancelConfirm', runningLabel: 'meetings_cancelling' },
  forget: { title: 'meetings_forgetTitle', confirmLabel: 'meetings_forgetConfirm', runningLabel: 'meetings_forgetting' },
} as const;

/** Forgetting cannot be checked against the provider, so the user is told plainly what may remain there. */
function ForgetWarning({ meeting }: { meeting: PartnerMeeting }) {
  const calendar = t(calendarKeys[meeting.provider]);
  const eventUrl = safeEventUrl(meeting);
  return (
    <>
      <p>{t('meetings_forgetWarning', { calendar })}</p>
      {eventUrl && (
        <p>
          <a href={eventUrl} target="_blank" rel="noreferrer">
            {t('meetings_openIn', { calendar })}
          </a>
        </p>
      )}
    </>
  );
}

function outcomeText(kind: MeetingAction['kind'], meeting: PartnerMeeting): string {
  if (kind === 'forget') return t('meetings_announceForgot', { title: meeting.title });
  if (kind === 'cancel') return t('meetings_announceCancelled', { title: meeting.title });
  return meeting.status === 'cancelled' ? t('meetings_announceCancelledElsewhere', { title: meeting.title }) : t('booking_announceBooked', { title: meeting.title });
}
