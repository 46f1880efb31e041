import { useId, useState, type Ref } from 'react';
import type { NearMiss, ParticipantInSlot, Slot } from '@/lib/schedule';
import { formatDuration, formatSlot, formatTimeRange, formatWallClock } from '@/lib/ui/dates';
import { flagLabel, groupSlotsByDay, slotFlags, statusWords, type RankedSlot } from '@/lib/ui/slots';
import { plural, t, uiLocale } from '@/lib/i18n';
import { numberFormat } from '@/lib/i18n/formatters';

export interface SlotResultsProps {
  slots: Slot[];
  explanation?: string[];
  nearMisses: NearMiss[];
  /** The organizer's zone: days and times are shown in it. */
  timeZone: string;
  /** "Answered 4 minutes ago from the cache", when the answer was not fetched just now. */
  freshness?: string;
  /** Names people by what the user typed (a name when given) rather than bare addresses. */
  nameOf(email: string): string;
  /** Which account answered for whom, shown next to each person. */
  answeredBy: Record<string, string>;
  /** Words on each slot's button: "Book" for a new meeting, "Move here" when rescheduling. */
  chooseVerb: string;
  onChoose(slot: Slot): void;
  /** Present when several times can be ticked (to insert them into an email). */
  picking?: SlotPicking;
  headingRef: Ref<HTMLHeadingElement>;
}

export interface SlotPicking {
  isPicked(slot: Slot): boolean;
  /** False once the maximum is ticked: the other boxes are disabled. */
  canPickMore: boolean;
  onToggle(slot: Slot): void;
}

/** The ranked times, grouped by day, or the engine's explanation when nothing fits. */
export function SlotResults(props: SlotResultsProps) {
  const { slots, timeZone, headingRef } = props;
  const days = groupSlotsByDay(slots, timeZone);
  const heading = slots.length === 0 ? t('find_noTimeFits') : plural('find_timesFound', slots.length);
  return (
    <section className="results" aria-labelledby="results-heading">
      <h2 id="results-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {props.freshness && <p className="muted freshness">{props.freshness}</p>}
      {slots.length > 0 && (
        <p className="muted">
          {t('find_resultsHint', { zone: timeZone })}
        </p>
      )}
      {days.map((day) => (
        <section key={day.date} className="day" aria-labelledby={`day-${day.date}`}>
          <h3 id={`day-${day.date}`}>{day.heading}</h3>
          <ul className="slots">
            {day.slots.map((slot) => (
              <SlotCard key={slot.start} slot={slot} {...props} />
            ))}
          </ul>
        </section>
      ))}
      {(slots.length === 0 || (props.explanation?.length ?? 0) > 0) && <Shortfall {...props} />}
    </section>
  );
}

function SlotCard({ slot, timeZone, nameOf, answeredBy, chooseVerb, onChoose, picking }: SlotResultsProps & { slot: RankedSlot }) {
  const panelId = useId();
  const [pinned, setPinned] = useState(false);
  const [hovered, setHovered] = useState(false);
  const open = pinned || hovered;
  const when = formatSlot(slot.start, slot.end, timeZone);
  const flags = slotFlags(slot, timeZone);
  const [headline, ...details] = slot.reasons;
  return (
    <li
      className={slot.rank === 1 ? 'slot best' : 'slot'}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setPinned(false);
          setHovered(false);
        }
      }}
    >
      <div className="slot-main">
        <div className="slot-time">
          <strong>{formatTimeRange(slot.start, slot.end, timeZone)}</strong>
          {slot.rank === 1 && <span className="badge">{t('find_best')}</span>}
          <span className="muted small" title={t('find_confidenceTitle')}>
            {t('find_confidence', { percent: numberFormat(uiLocale(), { style: 'percent' }).format(Math.round(slot.confidence) / 100) })}
          </span>
        </div>
        <p className="slot-headline">{headline}</p>
        {flags.length > 0 && (
          <ul className="flags" aria-label={t('find_thingsToKnow')}>
            {flags.map((flag) => (
              <li key={flag.kind} className={`flag flag-${flag.kind}`}>
                {flagLabel(flag)}
              </li>
            ))}
          </ul>
        )}
        <div className="slot-actions">
          {picking && (
            <label className="checkbox">
              <input
                type="checkbox"
                aria-label={t('find_includeLabel', { when })}
                checked={picking.isPicked(slot)}
                disabled={!picking.canPickMore && !picking.isPicked(slot)}
                onChange={() => picking.onToggle(slot)}
              />
              <span aria-hidden="true">{t('find_include')}</span>
            </label>
          )}
          <button
            type="button"
            className="link-button"
            // A label rather than hidden text: Chromium puts a space before an absolutely positioned span.
            aria-label={t('find_whoAndWhenLabel', { when })}
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setPinned(!pinned)}
            onMouseEnter={() => setHovered(true)}
            onMouseLeave={() => setHovered(false)}
            onFocus={() => setHovered(true)}
            onBlur={() => setHovered(false)}
          >
            {t('find_whoAndWhen')}
          </button>
          <button type="button" className="primary" aria-label={t('find_chooseLabel', { verb: chooseVerb, when })} onClick={() => onChoose(slot)}>
            {chooseVerb}
          </button>
        </div>
      </div>
      <div id={panelId} className="slot-panel" hidden={!open}>
        <ul className="people-times" aria-label={t('find_everyonesTimeLabel', { when })}>
          {slot.participants.map((person) => (
            <PersonRow key={person.email} person={person} name={nameOf(person.email)} answeredBy={answeredBy[person.email]} />
          ))}
        </ul>
        {details.length > 0 && (
          <ul className="reasons">
            {details.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

const providerOfAccount = (accountId: string | undefined) =>
  accountId?.startsWith('google:') ? 'Google' : accountId?.startsWith('microsoft:') ? 'Microsoft' : undefined;

function PersonRow({ person, name, answeredBy }: { person: ParticipantInSlot; name: string; answeredBy?: string }) {
  const outside = person.minutesOutsideWorkingHours > 0 ? ` · ${t('find_personOutsideHours', { duration: formatDuration(person.minutesOutsideWorkingHours) })}` : '';
  const source = providerOfAccount(answeredBy);
  return (
    <li className={`person status-${person.status}`}>
      <div className="person-line">
        <span className="person-name">
          {name}
          {person.role === 'optional' && <span className="muted"> {t('common_optional')}</span>}
        </span>
        <span className="person-status">
          <span className={`status-dot ${person.status}`} aria-hidden="true" />
          {statusWords(person.status)}
        </span>
      </div>
      <div className="muted small">
        {t('find_personTime', { time: formatWallClock(person.localStart), zone: person.timeZone, offset: `UTC${person.utcOffsetStart}` })}
        {person.localDateDiffersFromOrganizer ? ` · ${t('find_personDifferentDay')}` : ''}
        {person.crossesDstChange ? ` · ${t('find_personDstDuring')}` : ''}
        {outside}
        {source ? ` · ${t('find_personVia', { provider: source })}` : ''}
      </div>
    </li>
  );
}

function Shortfall({ explanation, nearMisses, timeZone, slots }: SlotResultsProps) {
  return (
    <section className="shortfall" aria-labelledby="shortfall-heading">
      <h3 id="shortfall-heading">{slots.length === 0 ? t('find_whyNothingFits') : t('find_whyNotMore')}</h3>
      {explanation && explanation.length > 0 ? (
        <ul>
          {explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>{t('find_noStartPassed')}</p>
      )}
      {nearMisses.length > 0 && (
        <>
          <h3>{t('find_nearlyWorked')}</h3>
          <ul className="near-misses">
            {nearMisses.map((miss) => (
              <li key={`${miss.start}-${miss.kind}`}>
                <strong>{formatSlot(miss.start, miss.end, timeZone)}</strong> — {miss.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {slots.length === 0 && <p className="muted">{t('find_tryMore')}</p>}
    </section>
  );
}
