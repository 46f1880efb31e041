import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { BookingDialog, type BookingForm, type BookingPhase } from '@/components/BookingDialog';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { DurationPicker } from '@/components/DurationPicker';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { ParticipantInput } from '@/components/ParticipantInput';
import { SlotResults } from '@/components/SlotResults';
import { TimeZonePicker } from '@/components/TimeZonePicker';
import type { AccountView } from '@/lib/auth/access';
import type { FeatureId } from '@/lib/auth/scopes';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';
import type { BookingOptions, ConferenceKind, Contact, PartnerMeeting, Preferences } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import type { Slot } from '@/lib/schedule';
import { defaultTitle, pickConference } from '@/lib/ui/booking';
import { clampRange, defaultRange, formatDayRange, formatSlot, rangeProblem, rangeToInstants, todayIn, type DateRange } from '@/lib/ui/dates';
import type { Draft } from '@/lib/ui/draft';
import { guidanceFor, replyOf, type Guidance, type RemedyAction } from '@/lib/ui/errors';
import { commitParticipantText, displayName, parseParticipants, type ParticipantEntry, type ParticipantFieldState } from '@/lib/ui/participants';
import { describeFreshness, summarizePeople } from '@/lib/ui/slots';
import { browserTimeZone, listTimeZones } from '@/lib/ui/time-zones';
import { useSessionDraft } from './draft-storage';

export interface FindViewProps {
  accounts: AccountView[];
  /** undefined until the background answered; defaults stand in meanwhile. */
  preferences?: Preferences;
  /** A meeting to move: the search re-runs with its people and length. `nonce` restarts it. */
  reschedule?: { meeting: PartnerMeeting; nonce: number };
  onRescheduled(meeting: PartnerMeeting): void;
  onStopRescheduling(): void;
  onOpenPermissions(): void;
  announce(text: string): void;
}

type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching'; calendars: number }
  | { kind: 'done'; outcome: FindTimesOutcome; request: SearchRequest; receivedAt: Date }
  | { kind: 'failed'; guidance: Guidance };

interface SearchRequest {
  organizerAccountId: string;
  timeZone: string;
  participants: { email: string; optional?: boolean }[];
  durationMinutes: number;
  start: string;
  end: string;
}

interface BookingState {
  slot: Slot;
  form: BookingForm;
  /** Made once when the confirmation opens; every attempt at this booking reuses it. */
  operationKey: string;
  phase: BookingPhase;
  conferences?: ConferenceKind[];
  /** Why a kind is not offered, and which other account makes a cross-provider link. */
  conferenceNotes?: Pick<BookingOptions, 'unavailable' | 'linkMadeBy'>;
  conferencesProblem?: string;
}

interface MoveState {
  slot: Slot;
  running: boolean;
  failure?: Guidance;
}

const EMPTY_FIELD: ParticipantFieldState = { participants: [], text: '', problems: [] };

function sameRequest(a: SearchRequest, b: SearchRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The main job: who, how long, when; then ranked times; then book one (or move a meeting there). */
export function FindView({ accounts, preferences, reschedule, onRescheduled, onStopRescheduling, onOpenPermissions, announce }: FindViewProps) {
  const zones = useMemo(listTimeZones, []);
  const browserZone = useMemo(browserTimeZone, []);
  const organizerId = useId();
  const fromId = useId();
  const toId = useId();
  const formProblemId = useId();
  const resultsHeadingRef = useRef<HTMLHeadingElement>(null);
  const participantRegionRef = useRef<HTMLDivElement>(null);

  // What the user chose; undefined means "the preference's default", so late-arriving
  // preferences fill in what the user has not touched.
  const [field, setField] = useState<ParticipantFieldState>(EMPTY_FIELD);
  const [durationChoice, setDurationChoice] = useState<number | undefined>();
  const [rangeChoice, setRangeChoice] = useState<DateRange | undefined>();
  const [zoneChoice, setZoneChoice] = useState<string | undefined>();
  const [organizerChoice, setOrganizerChoice] = useState<string | undefined>();
  const [bookingDraft, setBookingDraft] = useState<Draft['booking']>();
  const [search, setSearch] = useState<SearchState>({ kind: 'idle' });
  const [formProblem, setFormProblem] = useState<string | undefined>();
  const [suggestions, setSuggestions] = useState<Contact[]>([]);
  const [booking, setBooking] = useState<BookingState | undefined>();
  const [move, setMove] = useState<MoveState | undefined>();
  const [focusResults, setFocusResults] = useState(0);
  // After a search the form folds into a one-line summary so the times fit the popup.
  const [formOpen, setFormOpen] = useState(true);
  const formId = useId();
  const stashedField = useRef<ParticipantFieldState | undefined>(undefined);

  const now = new Date();
  const timeZone = zoneChoice ?? preferences?.timeZone ?? browserZone;
  const horizonDays = preferences?.horizonDays ?? 14;
  const durationMinutes = durationChoice ?? preferences?.defaultDurationMinutes ?? 30;
  const range = rangeChoice ?? defaultRange(now, timeZone, horizonDays);
  const organizer =
    accounts.find((account) => account.id === organizerChoice) ?? accounts.find((account) => account.id === preferences?.defaultAccountId) ?? accounts[0];
  const moving = reschedule?.meeting;

  const draft: Draft = {
    version: 1,
    participants: field.participants,
    pendingText: field.text,
    ...(durationChoice !== undefined ? { durationMinutes: durationChoice } : {}),
    ...(rangeChoice ? { range: rangeChoice } : {}),
    ...(zoneChoice ? { timeZone: zoneChoice } : {}),
    ...(organizerChoice ? { organizerAccountId: organizerChoice } : {}),
    ...(booking
      ? {
          booking: {
            title: userTitle(booking.form.title),
            description: booking.form.description,
            conference: booking.form.conference,
            sendInvitations: booking.form.sendInvitations,
            slot: { start: booking.slot.start, end: booking.slot.end },
            operationKey: booking.operationKey,
          },
        }
      : bookingDraft
        ? { booking: bookingDraft }
        : {}),
  };
  // While a meeting is being moved the form holds its people, not the user's own draft.
  const persisted: Draft = moving && stashedField.current ? { ...draft, participants: stashedField.current.participants, pendingText: stashedField.current.text } : draft;
  useSessionDraft(persisted, (restored) => {
    // Messages are not stored; reading the leftover text again brings back each entry's own.
    const problems = restored.pendingText ? parseParticipants(restored.pendingText).rejected : [];
    setField({ participants: restored.participants, text: restored.pendingText, problems });
    if (restored.durationMinutes !== undefined) setDurationChoice(restored.durationMinutes);
    if (restored.range) setRangeChoice(restored.range);
    if (restored.timeZone) setZoneChoice(restored.timeZone);
    if (restored.organizerAccountId) setOrganizerChoice(restored.organizerAccountId);
    if (restored.booking) setBookingDraft(restored.booking);
    if (restored.participants.length || restored.pendingText) announce('Restored what you typed earlier.');
  });

  // Suggestions for the entry being typed: the text after the last separator.
  const query = field.text.split(/[,;\n]/).pop()?.trim() ?? '';
  useEffect(() => {
    if (query.length < 1) {
      setSuggestions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      sendMessage('contacts.suggest', { query: query.slice(0, 200) }).then(
        (contacts) => live && setSuggestions(contacts),
        // Suggestions are a convenience; without them typing still works.
        () => live && setSuggestions([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

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
    stashedField.current ??= field;
    const people: ParticipantEntry[] = meeting.attendees.map((attendee) => ({ email: attendee.email, optional: attendee.optional ?? false }));
    const nextField = { participants: people, text: '', problems: [] };
    const minutes = Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000);
    setField(nextField);
    setDurationChoice(minutes);
    setOrganizerChoice(meeting.accountId);
    setBooking(undefined);
    void runSearch({ field: nextField, durationMinutes: minutes, organizerAccountId: meeting.accountId });
    // Runs once per reschedule request; the form values it reads are the ones it just set.
  }, [reschedule?.nonce]);

  function stopRescheduling() {
    setField(stashedField.current ?? EMPTY_FIELD);
    stashedField.current = undefined;
    setSearch({ kind: 'idle' });
    setFormOpen(true);
    setMove(undefined);
    onStopRescheduling();
  }

  function buildRequest(overrides: { field?: ParticipantFieldState; durationMinutes?: number; organizerAccountId?: string } = {}): SearchRequest | string {
    const current = overrides.field ?? field;
    const organizerAccountId = overrides.organizerAccountId ?? organizer?.id;
    if (!organizerAccountId) return 'Connect a calendar account first.';
    if (current.problems.length || current.text.trim()) return 'Fix or remove the entries under Participants first.';
    const organizerEmail = accounts.find((account) => account.id === organizerAccountId)?.email.toLowerCase();
    const people = current.participants.filter((person) => person.email.toLowerCase() !== organizerEmail);
    if (people.length === 0) return 'Add at least one person to meet.';
    const today = todayIn(timeZone, new Date());
    const problem = rangeProblem(range, today, horizonDays);
    if (problem) return problem;
    const { start, end } = rangeToInstants(clampRange(range, today, horizonDays), timeZone);
    return {
      organizerAccountId,
      timeZone,
      participants: people.map((person) => (person.optional ? { email: person.email, optional: true } : { email: person.email })),
      durationMinutes: overrides.durationMinutes ?? durationMinutes,
      start,
      end,
    };
  }

  async function runSearch(overrides?: Parameters<typeof buildRequest>[0]) {
    let current = overrides?.field ?? field;
    // Text still in the field is part of what the user asked for: add it before searching.
    if (current.text.trim()) {
      current = commitParticipantText(current, current.text, organizer?.email).state;
      setField(current);
    }
    const request = buildRequest({ ...overrides, field: current });
    if (typeof request === 'string') {
      setFormProblem(request);
      if (request.includes('Participants') || request.includes('person')) participantRegionRef.current?.querySelector('input')?.focus();
      return;
    }
    setFormProblem(undefined);
    const calendars = new Set([request.organizerAccountId.split(':')[1], ...request.participants.map((person) => person.email.toLowerCase())]).size;
    setSearch({ kind: 'searching', calendars });
    announce(`Checking ${calendars} calendars…`);
    try {
      const outcome = await sendMessage('schedule.find', request);
      if (!outcome.result.ok) {
        setSearch({ kind: 'failed', guidance: { message: outcome.result.error.message } });
        announce(outcome.result.error.message);
        return;
      }
      setSearch({ kind: 'done', outcome, request, receivedAt: new Date() });
      setFormOpen(false);
      const count = outcome.result.slots.length;
      announce(count === 0 ? 'No time fits. The reasons are listed.' : `${count} ${count === 1 ? 'time' : 'times'} found.`);
      setFocusResults((n) => n + 1);
    } catch (error) {
      const guidance = guidanceFor(error, 'find times');
      setSearch({ kind: 'failed', guidance });
      announce(guidance.message);
    }
  }

  async function runRemedy(action: RemedyAction | undefined, accountId: string | undefined, repeat: () => Promise<void> | void) {
    if (!action) return;
    if (action.kind === 'open-permissions') return onOpenPermissions();
    if (action.kind === 'grant-and-retry' && accountId) await grant(accountId, action.feature);
    await repeat();
  }

  /** Asks for a feature's permission (the provider's consent window opens); failures say so. */
  async function grant(accountId: string, feature: FeatureId) {
    try {
      await sendMessage('features.set', { accountId, feature, enabled: true });
    } catch (error) {
      // The retry that follows reports the still-missing permission in its own words.
      announce(guidanceFor(error, 'get the permission').message);
    }
  }

  /** The title as the user wrote it, or '' when it is still the generated one (which follows the people). */
  function userTitle(title: string): string {
    const accountEmail = accounts.find((account) => account.id === booking?.form.accountId)?.email;
    return title === defaultTitle(field.participants, accountEmail) ? '' : title;
  }

  function nameOf(email: string): string {
    const person = field.participants.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
    if (person) return displayName(person);
    return email.toLowerCase() === organizer?.email.toLowerCase() ? `${email} (you)` : email;
  }

  // ---- booking ----

  async function loadConferences(accountId: string, preferred: ConferenceKind | undefined) {
    setBooking((current) => current && { ...current, conferences: undefined, conferenceNotes: undefined, conferencesProblem: undefined });
    try {
      const options = await sendMessage('meetings.options', { accountId });
      setBooking((current) =>
        current && current.form.accountId === accountId
          ? {
              ...current,
              conferences: options.conferences,
              conferenceNotes: { unavailable: options.unavailable, ...(options.linkMadeBy ? { linkMadeBy: options.linkMadeBy } : {}) },
              form: { ...current.form, conference: pickConference(options.conferences, preferred, options.linkMadeBy) },
            }
          : current,
      );
    } catch (error) {
      const problem = `${guidanceFor(error, 'check which video calls this account can add').message} You can still book without a call.`;
      setBooking((current) => current && current.form.accountId === accountId ? { ...current, conferencesProblem: problem, form: { ...current.form, conference: 'none' } } : current);
    }
  }

  function chooseSlot(slot: Slot) {
    if (moving) {
      setMove({ slot, running: false });
      return;
    }
    const accountId = search.kind === 'done' ? search.request.organizerAccountId : (organizer?.id ?? '');
    const accountEmail = accounts.find((account) => account.id === accountId)?.email;
    // A draft kept from an earlier attempt at this very slot keeps its key, so a retry after the
    // popup was closed mid-booking cannot book twice.
    const resumed = bookingDraft?.slot?.start === slot.start && bookingDraft.slot.end === slot.end ? bookingDraft : undefined;
    const preferred = resumed?.conference ?? bookingDraft?.conference ?? preferences?.defaultConference;
    setBooking({
      slot,
      operationKey: resumed?.operationKey ?? crypto.randomUUID(),
      phase: { kind: 'editing' },
      form: {
        title: bookingDraft?.title || defaultTitle(field.participants, accountEmail),
        description: bookingDraft?.description ?? '',
        accountId,
        conference: preferred ?? 'none',
        sendInvitations: bookingDraft?.sendInvitations ?? true,
      },
    });
    void loadConferences(accountId, preferred);
  }

  function closeBooking() {
    if (!booking) return;
    if (booking.phase.kind === 'booked') {
      // The job is done: start the next one from a clean form.
      setField(EMPTY_FIELD);
      setBookingDraft(undefined);
      setSearch({ kind: 'idle' });
      setFormOpen(true);
    } else {
      // Keep what was typed for the next slot the user picks; the key belongs to this slot only.
      setBookingDraft({ ...booking.form, title: userTitle(booking.form.title), slot: { start: booking.slot.start, end: booking.slot.end }, operationKey: booking.operationKey });
    }
    setBooking(undefined);
  }

  async function book(current: BookingState) {
    setBooking({ ...current, phase: { kind: 'booking' } });
    const organizerEmail = accounts.find((account) => account.id === current.form.accountId)?.email.toLowerCase();
    try {
      const meeting = await sendMessage('meetings.create', {
        operationKey: current.operationKey,
        accountId: current.form.accountId,
        title: current.form.title.trim(),
        ...(current.form.description.trim() ? { description: current.form.description } : {}),
        start: current.slot.start,
        end: current.slot.end,
        timeZone,
        attendees: field.participants
          .filter((person) => person.email.toLowerCase() !== organizerEmail)
          .map((person) => (person.optional ? { email: person.email, optional: true } : { email: person.email })),
        conference: current.form.conference,
        sendInvitations: current.form.sendInvitations,
      });
      setBooking((latest) => latest && { ...latest, phase: { kind: 'booked', meeting } });
      announce(`Booked ${meeting.title}.`);
    } catch (error) {
      const guidance = guidanceFor(error, 'book the meeting');
      // Booking is the request where "did it happen?" matters: its key makes a retry safe.
      if (replyOf(error)?.code === 'background-lost' && guidance.action) guidance.message += ' Trying again finishes this booking and never books it twice.';
      setBooking((latest) => latest && { ...latest, phase: { kind: 'failed', guidance } });
    }
  }

  // ---- moving a meeting ----

  async function moveMeeting(meeting: PartnerMeeting, slot: Slot) {
    setMove({ slot, running: true });
    try {
      const moved = await sendMessage('meetings.reschedule', { meetingId: meeting.id, start: slot.start, end: slot.end });
      setMove(undefined);
      announce(`Moved ${moved.title} to ${formatSlot(moved.start, moved.end, timeZone)}.`);
      setField(stashedField.current ?? EMPTY_FIELD);
      stashedField.current = undefined;
      setSearch({ kind: 'idle' });
      setFormOpen(true);
      onRescheduled(moved);
    } catch (error) {
      setMove({ slot, running: false, failure: guidanceFor(error, 'move the meeting') });
    }
  }

  // ---- render ----

  const currentRequest = buildRequest();
  const stale = search.kind === 'done' && typeof currentRequest !== 'string' && !sameRequest(currentRequest, search.request);
  const freshness = search.kind === 'done' ? describeFreshness(search.outcome.cache, nameOf, now) : undefined;
  const searching = search.kind === 'searching';

  return (
    <div className="find">
      {moving && (
        <div className="reschedule-banner">
          <p>
            Choosing a new time for <strong>{moving.title}</strong> (now {formatSlot(moving.start, moving.end, timeZone)}).
          </p>
          <button type="button" onClick={stopRescheduling}>
            Stop rescheduling
          </button>
        </div>
      )}
      {!formOpen && (
        <div className="search-summary">
          <p>
            <span className="visually-hidden">Searched for: </span>
            {summarizePeople(field.participants.map((person) => displayName(person)))} · {durationMinutes} min · {formatDayRange(range)} · {timeZone}
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
            Edit search
          </button>
        </div>
      )}
      <form
        id={formId}
        hidden={!formOpen}
        className="find-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!searching) void runSearch();
        }}
      >
        {accounts.length > 1 && (
          <div className="field">
            <label htmlFor={organizerId} className="field-label">
              Organizer account
            </label>
            <select id={organizerId} value={organizer?.id} onChange={(event) => setOrganizerChoice(event.currentTarget.value)} disabled={!!moving}>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.email} ({account.provider === 'google' ? 'Google' : 'Microsoft'})
                </option>
              ))}
            </select>
          </div>
        )}

        <div ref={participantRegionRef}>
          <ParticipantInput state={field} suggestions={suggestions} organizerEmail={organizer?.email} onChange={setField} autoFocus={!moving} />
        </div>

        <DurationPicker minutes={durationMinutes} onChange={setDurationChoice} />

        <fieldset className="range">
          <legend className="field-label">Days to search</legend>
          <label htmlFor={fromId}>From</label>
          <input id={fromId} type="date" value={range.from} min={todayIn(timeZone, now)} onChange={(event) => setRangeChoice({ ...range, from: event.currentTarget.value })} />
          <label htmlFor={toId}>To</label>
          <input id={toId} type="date" value={range.to} min={range.from} onChange={(event) => setRangeChoice({ ...range, to: event.currentTarget.value })} />
        </fieldset>

        <TimeZonePicker label="Your time zone" value={timeZone} zones={zones} at={now} onChange={setZoneChoice} />

        {formProblem && (
          <p id={formProblemId} className="error" role="alert">
            {formProblem}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={searching || !organizer} aria-busy={searching || undefined}>
          {moving ? 'Find new times' : 'Find times'}
        </button>
      </form>

      <div className="results-region" aria-busy={searching}>
        {searching && (
          <p className="progress searching" data-testid="search-progress">
            Checking {search.calendars} calendars…
          </p>
        )}
        {search.kind === 'failed' && (
          <GuidanceNotice guidance={search.guidance} onAction={() => void runRemedy(search.guidance.action, organizer?.id, () => runSearch())} />
        )}
        {search.kind === 'done' && search.outcome.result.ok && (
          <>
            {stale && <p className="warning small">You changed the form since this search. Find times again to update the results.</p>}
            <SlotResults
              slots={search.outcome.result.slots}
              explanation={search.outcome.result.explanation}
              nearMisses={search.outcome.result.nearMisses}
              timeZone={search.request.timeZone}
              freshness={freshness}
              nameOf={nameOf}
              answeredBy={search.outcome.answeredBy}
              chooseVerb={moving ? 'Move here' : 'Book'}
              onChoose={chooseSlot}
              headingRef={resultsHeadingRef}
            />
          </>
        )}
      </div>

      {booking && (
        <BookingDialog
          key={booking.phase.kind === 'booked' ? 'booked' : 'confirm'}
          when={formatSlot(booking.slot.start, booking.slot.end, timeZone)}
          timeZone={timeZone}
          attendees={field.participants.filter((person) => person.email.toLowerCase() !== accounts.find((a) => a.id === booking.form.accountId)?.email.toLowerCase())}
          form={booking.form}
          accounts={accounts}
          conferences={booking.conferences}
          conferenceNotes={booking.conferenceNotes}
          conferencesProblem={booking.conferencesProblem}
          phase={booking.phase}
          onChange={(form) => {
            const accountChanged = form.accountId !== booking.form.accountId;
            setBooking({ ...booking, form });
            if (accountChanged) void loadConferences(form.accountId, form.conference);
          }}
          onSubmit={() => void book(booking)}
          onRemedy={() => {
            if (booking.phase.kind !== 'failed') return;
            void runRemedy(booking.phase.guidance.action, booking.form.accountId, () => book(booking));
          }}
          onClose={closeBooking}
        />
      )}

      {moving && move && (
        <ConfirmDialog
          title="Move the meeting?"
          confirmLabel="Move meeting"
          runningLabel="Moving…"
          cancelLabel="Back to times"
          running={move.running}
          failure={move.failure}
          onConfirm={() => void moveMeeting(moving, move.slot)}
          onRemedy={() => void runRemedy(move.failure?.action, moving.accountId, () => moveMeeting(moving, move.slot))}
          onClose={() => setMove(undefined)}
        >
          <p>
            Move <strong>{moving.title}</strong> from {formatSlot(moving.start, moving.end, timeZone)} to <strong>{formatSlot(move.slot.start, move.slot.end, timeZone)}</strong>?
            Everyone invited gets the new time.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
