/**
 * Find a time: who, how long, when; then ranked times; then what the host does with one.
 * The toolbar popup and the inline panel are two thin hosts of this one feature.
 *
 * A host renders `<FindTimeFeature …/>` with:
 * - `accounts`, `preferences`: from `useAccountsAndPreferences()` (render the feature once the
 *   accounts are known and not empty; preferences may arrive later, defaults stand in).
 * - `announce(text)`: a polite live region's setter, e.g. `useAnnouncer()` + `<LiveAnnouncer>`.
 * - `onOpenPermissions()`: where a "reconnect the account" remedy leads.
 * - `initial` (optional): the page's context, read once at mount (give the feature a new `key`
 *   for a new context): participants incl. optional ones, a half-typed address kept as text in
 *   the participant field, the title, the duration in minutes, a start day.
 * - `draftStorage` (optional): where the form's draft lives between openings. The popup passes
 *   `sessionDraftStorage` (storage.session); without it nothing is persisted.
 * - `slotAction`: what choosing a time does.
 *   `{ kind: 'book', verb?, onBooked?(meeting, context) }` opens the booking confirmation
 *   (`useBookingFlow` + `<BookingFlowDialog>`, composable on their own too) with `initial.title`
 *   as the title; `{ kind: 'pick', verb, onPick(slot, context) }` hands the time to the host (an
 *   inline panel writes it into the page's form) and opens nothing.
 * - `selection` (optional): `{ max, label, onSubmit(slots, context) }` lets the user tick up to
 *   `max` times and hand them over at once (Gmail's "Insert times"), beside `slotAction`.
 * - `extraFields` (optional): the host's own fields inside the form, e.g. a panel's conference
 *   choice ("add a Teams link").
 * - `reschedule` (optional, popup): a meeting to move; the search re-runs with its people and
 *   length, and choosing a time moves it.
 *
 * Inline panel, for example:
 * ```tsx
 * <FindTimeFeature accounts={accounts} preferences={preferences?.preferences} announce={announce}
 *   onOpenPermissions={openPermissions} initial={{ participants, pendingText, title, durationMinutes }}
 *   slotAction={{ kind: 'pick', verb: 'Use this time', onPick: (slot, context) => writeIntoForm(slot, context) }} />
 * ```
 * Gmail: `slotAction={{ kind: 'book', verb: 'Send an invite', onBooked: insertInvitationLine }}`
 * and `selection={{ max: 3, label: 'Insert times', onSubmit: insertTimes }}`.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AccountView } from '@/lib/auth/access';
import type { PartnerMeeting, Preferences } from '@/lib/meetings/types';
import type { Slot } from '@/lib/schedule';
import { formatDayRange, formatDuration, todayIn, type DateRange } from '@/lib/ui/dates';
import type { Draft } from '@/lib/ui/draft';
import { choicesFromDraft, choicesFromInitial, draftOf, resolveChoices, type FindChoices, type FindTimeInitial } from '@/lib/ui/find/form-values';
import { buildSearchRequest, contextOf, sameRequest, type FindContext, type SearchRequest } from '@/lib/ui/find/search-request';
import { canPickMore, pickedSlots, togglePick, type SlotPicks } from '@/lib/ui/find/slot-selection';
import { useBookingFlow } from '@/lib/ui/find/use-booking-flow';
import { useDraftPersistence, type DraftStorage } from '@/lib/ui/find/use-draft-persistence';
import { useContactSuggestions, useFindSearch } from '@/lib/ui/find/use-find-search';
import { useMoveMeeting } from '@/lib/ui/find/use-move-meeting';
import { useRemedy } from '@/lib/ui/find/use-remedy';
import { commitParticipantText, displayName, type ParticipantEntry, type ParticipantFieldState } from '@/lib/ui/participants';
import { describeFreshness, summarizePeople } from '@/lib/ui/slots';
import { describeOffline, onThisClock } from '@/lib/ui/network-status';
import { browserTimeZone } from '@/lib/ui/time-zones';
import { BookingFlowDialog } from './BookingFlowDialog';
import { FindForm } from './FindForm';
import { GuidanceNotice } from './GuidanceNotice';
import { MoveMeetingDialog, RescheduleBanner } from './MoveMeeting';
import { SlotResults } from './SlotResults';
import { plural, t } from '@/lib/i18n';

export type { FindTimeInitial } from '@/lib/ui/find/form-values';
export type { DraftStorage } from '@/lib/ui/find/use-draft-persistence';
export type { FindContext } from '@/lib/ui/find/search-request';

export type SlotAction =
  /** Open the booking confirmation; `onBooked` runs once the meeting exists. `verb` defaults to "Book". */
  | { kind: 'book'; verb?: string; onBooked?(meeting: PartnerMeeting, context: FindContext): void }
  /** Hand the time to the host; `verb` names each time's button ("Use this time"). */
  | { kind: 'pick'; verb: string; onPick(slot: Slot, context: FindContext): void };

/** Several times ticked and handed over at once (Gmail's "insert times"), besides `slotAction`. */
export interface SlotSelection {
  /** How many times may be ticked. */
  max: number;
  /** The button that hands them over, e.g. "Insert times". */
  label: string;
  /** The ticked times in ranked order. */
  onSubmit(slots: Slot[], context: FindContext): void;
}

/** A meeting to move, from the popup's meetings list; a new `nonce` restarts the search. */
export interface RescheduleRequest {
  meeting: PartnerMeeting;
  nonce: number;
  onMoved(meeting: PartnerMeeting): void;
  onStop(): void;
}

export interface FindTimeFeatureProps {
  accounts: AccountView[];
  /** undefined until the background answered; defaults stand in meanwhile. */
  preferences?: Preferences;
  initial?: FindTimeInitial;
  draftStorage?: DraftStorage;
  slotAction: SlotAction;
  selection?: SlotSelection;
  extraFields?: ReactNode;
  reschedule?: RescheduleRequest;
  onOpenPermissions(): void;
  announce(text: string): void;
}

export function FindTimeFeature({ accounts, preferences, initial, draftStorage, slotAction, selection, extraFields, reschedule, onOpenPermissions, announce }: FindTimeFeatureProps) {
  const browserZone = useMemo(browserTimeZone, []);
  const formId = useId();
  const resultsHeadingRef = useRef<HTMLHeadingElement>(null);
  const participantRegionRef = useRef<HTMLDivElement>(null);

  const [choices, setChoices] = useState<FindChoices>(() => {
    // The organizer left out of a host's guests is the one the form starts with.
    const { organizer: first } = resolveChoices(choicesFromInitial(initial), preferences, accounts, browserZone, new Date());
    return choicesFromInitial(initial, first?.email);
  });
  const choose = (change: Partial<FindChoices>) => setChoices((current) => ({ ...current, ...change }));
  const setField = (field: ParticipantFieldState) => choose({ field });
  const [formProblem, setFormProblem] = useState<string | undefined>();
  const [focusResults, setFocusResults] = useState(0);
  // After a search the form folds into a one-line summary so the times fit the popup.
  const [formOpen, setFormOpen] = useState(true);
  const [pickedStarts, setPickedStarts] = useState<readonly string[]>([]);
  const picks: SlotPicks = { starts: pickedStarts, max: selection?.max ?? 0 };
  const { search, run, cancel: cancelSearch, reset: resetSearch } = useFindSearch(announce);
  const searched = search.kind === 'done' ? search.request : undefined;
  const suggestions = useContactSuggestions(choices.field.text);
  const runRemedy = useRemedy(onOpenPermissions, announce);

  const now = new Date();
  const { timeZone, durationMinutes, range, organizer } = resolveChoices(choices, preferences, accounts, browserZone, now);
  const emailOf = (accountId: string | undefined) => accounts.find((account) => account.id === accountId)?.email;

  /** The form as it was before a search or a booking took it over: back to the user's own people. */
  function startOver(field: ParticipantFieldState) {
    setField(field);
    resetSearch();
    setFormOpen(true);
  }

  const move = useMoveMeeting({ reschedule, timeZone, announce, runRemedy, restoreForm: startOver });
  const moving = reschedule?.meeting;

  const booking = useBookingFlow({
    accounts,
    defaultConference: preferences?.defaultConference,
    announce,
    runRemedy,
    onBooked: (meeting) => slotAction.kind === 'book' && searched && slotAction.onBooked?.(meeting, contextOfSearch(searched)),
    // The job is done: start the next one from a clean form (the host's page context, if any).
    onFinished: () => startOver(choicesFromInitial(initial, organizer?.email).field),
  });

  // While a meeting is being moved the form holds its people, not the user's own draft.
  const draft: Draft = draftOf(move.stashedField ? { ...choices, field: move.stashedField } : choices, booking.draft);
  useDraftPersistence(draft, draftStorage, (restored) => {
    setChoices((current) => ({ ...current, ...choicesFromDraft(restored) }));
    if (restored.booking) booking.restore(restored.booking);
    if (restored.participants.length || restored.pendingText) announce(t('find_announceRestored'));
  });

  useEffect(() => {
    const heading = resultsHeadingRef.current;
    if (!focusResults || !heading) return;
    heading.focus({ preventScroll: true });
    // The form has folded into its summary above the heading: show both from the top.
    heading.closest('.popup-main')?.scrollTo({ top: 0 });
  }, [focusResults]);

  // Rescheduling: load the meeting's people and length, then search at once.
  useEffect(() => {
    if (!reschedule) return;
    const { meeting } = reschedule;
    move.stash(choices.field);
    const people: ParticipantEntry[] = meeting.attendees.map((attendee) => ({ email: attendee.email, optional: attendee.optional ?? false }));
    const field = { participants: people, text: '', problems: [] };
    const minutes = Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000);
    choose({ field, durationMinutes: minutes, organizerAccountId: meeting.accountId });
    void runSearch({ ...choices, field, durationMinutes: minutes, organizerAccountId: meeting.accountId });
    // Runs once per reschedule request; the form values it reads are the ones it just set.
  }, [reschedule?.nonce]);

  function requestFor(current: FindChoices) {
    const resolved = resolveChoices(current, preferences, accounts, browserZone, new Date());
    // A meeting moves within its own calendar, even one whose account is no longer connected
    // (the background then says so) rather than quietly searching another account's.
    const organizerAccountId = moving ? moving.accountId : resolved.organizer?.id;
    return buildSearchRequest({
      field: current.field,
      organizerAccountId,
      organizerEmail: emailOf(organizerAccountId),
      durationMinutes: resolved.durationMinutes,
      range: resolved.range,
      timeZone: resolved.timeZone,
      horizonDays: resolved.horizonDays,
      today: todayIn(resolved.timeZone, new Date()),
    });
  }

  async function runSearch(current: FindChoices = choices) {
    // Text still in the field is part of what the user asked for: add it before searching.
    if (current.field.text.trim()) {
      current = { ...current, field: commitParticipantText(current.field, current.field.text, organizer?.email).state };
      setField(current.field);
    }
    const outcome = requestFor(current);
    if (!outcome.ok) {
      setFormProblem(outcome.problem);
      if (outcome.focus === 'participants') participantRegionRef.current?.querySelector('input')?.focus();
      return;
    }
    setFormProblem(undefined);
    if (await run(outcome.request)) {
      // Ticks belong to the times they were given for.
      setPickedStarts([]);
      setFormOpen(false);
      setFocusResults((n) => n + 1);
    }
  }

  const contextOfSearch = (request: SearchRequest): FindContext => contextOf(request, choices.field.participants, initial?.title);

  function chooseSlot(slot: Slot, request: SearchRequest) {
    if (moving) return move.choose(slot);
    const context = contextOfSearch(request);
    if (slotAction.kind === 'pick') return slotAction.onPick(slot, context);
    // The booking's attendees are everyone listed; the flow leaves out whichever account books.
    booking.start(slot, { participants: choices.field.participants, organizerAccountId: context.organizerAccountId, timeZone, ...(context.title ? { title: context.title } : {}) });
  }

  function nameOf(email: string): string {
    const person = choices.field.participants.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
    if (person) return displayName(person);
    return email.toLowerCase() === organizer?.email.toLowerCase() ? t('find_you', { email }) : email;
  }

  const currentRequest = requestFor(choices);
  const stale = search.kind === 'done' && currentRequest.ok && !sameRequest(currentRequest.request, search.request);
  const freshness =
    search.kind === 'done'
      ? (describeOffline(search.outcome.cache, nameOf, search.receivedAt) ?? describeFreshness(onThisClock(search.outcome.cache, search.receivedAt), nameOf, now))
      : undefined;
  const searching = search.kind === 'searching';
  const found = search.kind === 'done' && search.outcome.result.ok ? search.outcome.result.slots : [];
  const chooseVerb = moving ? t('find_moveHere') : (slotAction.verb ?? t('find_book'));

  return (
    <div className="find">
      {moving && <RescheduleBanner meeting={moving} timeZone={timeZone} onStop={move.stop} />}
      {!formOpen && (
        <div className="search-summary">
          <p>
            <span className="visually-hidden">{t('find_searchedFor')} </span>
            {summarizePeople(choices.field.participants.map((person) => displayName(person)))} · {formatDuration(durationMinutes)} · {formatDayRange(range)} · {timeZone}
          </p>
          <button
            type="button"
            aria-expanded={false}
            aria-controls={formId}
            onClick={() => {
              setFormOpen(true);
              requestAnimationFrame(() => participantRegionRef.current?.querySelector('input')?.focus());
            }}
          >
            {t('find_editSearch')}
          </button>
        </div>
      )}
      <FindForm
        id={formId}
        hidden={!formOpen}
        accounts={accounts}
        organizer={organizer}
        organizerLocked={!!moving}
        onOrganizer={(organizerAccountId) => choose({ organizerAccountId })}
        field={choices.field}
        suggestions={suggestions}
        onField={setField}
        participantRegionRef={participantRegionRef}
        autoFocus={!moving}
        durationMinutes={durationMinutes}
        onDuration={(minutes) => choose({ durationMinutes: minutes })}
        range={range}
        today={todayIn(timeZone, now)}
        onRange={(chosen: DateRange) => choose({ range: chosen })}
        timeZone={timeZone}
        now={now}
        onTimeZone={(zone) => choose({ timeZone: zone })}
        extraFields={extraFields}
        problem={formProblem}
        searching={searching}
        submitLabel={moving ? t('find_findNewTimes') : t('find_findTimes')}
        onSubmit={() => void runSearch()}
      />

      <div className="results-region" aria-busy={searching}>
        {searching && (
          <div className="search-progress">
            <p className="progress searching" data-testid="search-progress">
              {plural('find_checkingCalendars', search.calendars)}
            </p>
            <button type="button" onClick={cancelSearch}>
              {t('network_cancelSearch')}
            </button>
          </div>
        )}
        {search.kind === 'failed' && <GuidanceNotice guidance={search.guidance} onAction={() => void runRemedy(search.guidance.action, organizer?.id, () => runSearch())} />}
        {search.kind === 'done' && search.outcome.result.ok && (
          <>
            {stale && <p className="warning small">{t('find_stale')}</p>}
            <SlotResults
              slots={found}
              explanation={search.outcome.result.explanation}
              nearMisses={search.outcome.result.nearMisses}
              timeZone={search.request.timeZone}
              freshness={freshness}
              nameOf={nameOf}
              answeredBy={search.outcome.answeredBy}
              chooseVerb={chooseVerb}
              onChoose={(slot) => chooseSlot(slot, search.request)}
              picking={selection && !moving ? { isPicked: (slot) => picks.starts.includes(slot.start), canPickMore: canPickMore(picks), onToggle: (slot) => setPickedStarts((starts) => togglePick({ ...picks, starts }, slot).starts) } : undefined}
              headingRef={resultsHeadingRef}
            />
            {selection && !moving && found.length > 0 && (
              <div className="dialog-actions">
                <p className="muted small">{plural('find_tickUpTo', selection.max)}</p>
                <button
                  type="button"
                  className="primary"
                  disabled={pickedStarts.length === 0}
                  onClick={() => selection.onSubmit(pickedSlots(picks, found), contextOfSearch(search.request))}
                >
                  {selection.label}
                  {pickedStarts.length > 0 && ` (${pickedStarts.length})`}
                </button>
              </div>
            )}
          </>
        )}
      </div>

      <BookingFlowDialog flow={booking} />
      {moving && move.pending && <MoveMeetingDialog meeting={moving} move={move.pending} timeZone={timeZone} onConfirm={move.confirm} onRemedy={move.remedy} onClose={move.cancel} />}
    </div>
  );
}
