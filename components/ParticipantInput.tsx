import { useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Contact } from '@/lib/meetings/types';
import { commitParticipantText, displayName, endsWithSeparator, type ParticipantEntry, type ParticipantFieldState } from '@/lib/ui/participants';
import { ListboxPopup } from './ListboxPopup';
import { useListboxNavigation } from './useListboxNavigation';
import { formatList, plural, t } from '@/lib/i18n';

export interface ParticipantInputProps {
  state: ParticipantFieldState;
  /** Suggestions for the text being typed, best first (already-listed people are hidden here). */
  suggestions: Contact[];
  onChange(state: ParticipantFieldState): void;
  /** The organizer is always in the meeting and needs no chip. */
  organizerEmail?: string;
  /** Focus the field when it appears: typing who to meet is the first thing the popup is for. */
  autoFocus?: boolean;
}

/**
 * The people to meet, as chips: type an address and press Enter or a comma, or paste a list.
 * Each chip can be made optional or removed by keyboard; suggestions come as a combobox.
 */
export function ParticipantInput({ state, suggestions, onChange, organizerEmail, autoFocus = false }: ParticipantInputProps) {
  const inputId = useId();
  const hintId = useId();
  const problemsId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const chipRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const [announcement, setAnnouncement] = useState('');

  const listed = new Set(state.participants.map((person) => person.email.toLowerCase()));
  const visibleSuggestions = suggestions.filter((contact) => !listed.has(contact.email.toLowerCase()) && contact.email.toLowerCase() !== organizerEmail?.toLowerCase()).slice(0, 6);

  const navigation = useListboxNavigation(visibleSuggestions, (contact) => addContact(contact));

  function commit(text: string) {
    if (!text.trim()) return;
    const result = commitParticipantText(state, text, organizerEmail);
    onChange(result.state);
    const parts = [];
    if (result.added) parts.push(plural('find_announceAdded', result.added));
    if (result.duplicates.length) parts.push(plural('find_announceDuplicates', result.duplicates.length, { people: formatList(result.duplicates) }));
    if (result.state.problems.length) parts.push(plural('find_announceProblems', result.state.problems.length));
    setAnnouncement(parts.join(' '));
  }

  function addContact(contact: Contact) {
    const entry: ParticipantEntry = contact.name ? { email: contact.email, name: contact.name, optional: false } : { email: contact.email, optional: false };
    // The suggestion replaces the entry being typed; earlier unfinished entries stay.
    const remaining = state.text.replace(/[^,;\n]*$/, '').replace(/[,;\s]+$/, '');
    onChange({ participants: [...state.participants, entry], text: remaining, problems: state.problems });
    setAnnouncement(t('find_announceAddedPerson', { name: displayName(entry) }));
    navigation.hide();
  }

  function remove(index: number, from: 'chip' | 'field') {
    const person = state.participants[index];
    if (!person) return;
    onChange({ ...state, participants: state.participants.filter((_, i) => i !== index) });
    setAnnouncement(t('find_announceRemoved', { name: displayName(person) }));
    if (from === 'field') return;
    // Keep the keyboard user where they were: the next chip, else the previous, else the field.
    const next = chipRefs.current[index + 1] ?? chipRefs.current[index - 1];
    requestAnimationFrame(() => (next && next.isConnected ? next : inputRef.current)?.focus());
  }

  function toggleOptional(index: number) {
    onChange({ ...state, participants: state.participants.map((person, i) => (i === index ? { ...person, optional: !person.optional } : person)) });
  }

  function onInputKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (navigation.onKeyDown(event)) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(state.text);
    } else if (event.key === 'Backspace' && state.text === '' && state.participants.length > 0) {
      event.preventDefault();
      remove(state.participants.length - 1, 'field');
    }
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const pasted = event.clipboardData.getData('text');
    if (!/[,;\n]/.test(pasted)) return;
    event.preventDefault();
    const input = event.currentTarget;
    const before = state.text.slice(0, input.selectionStart ?? state.text.length);
    const after = state.text.slice(input.selectionEnd ?? state.text.length);
    commit(`${before}${pasted}${after}`);
  }

  return (
    <div className="participants">
      <label htmlFor={inputId} className="field-label">
        {t('find_participants')}
      </label>
      {state.participants.length > 0 && (
        <ul className="chips" aria-label={t('find_peopleToMeet')}>
          {state.participants.map((person, index) => (
            <li
              key={person.email}
              className={person.optional ? 'chip optional' : 'chip'}
              onKeyDown={(event) => {
                if (event.key === 'Backspace' || event.key === 'Delete') {
                  event.preventDefault();
                  remove(index, 'chip');
                }
              }}
            >
              <span className="chip-name" title={person.email}>
                {displayName(person)}
              </span>
              <button
                type="button"
                className="chip-toggle"
                aria-pressed={person.optional}
                aria-label={t('find_optionalLabel', { email: person.email })}
                title={person.optional ? t('find_optionalTitle') : t('find_requiredTitle')}
                onClick={() => toggleOptional(index)}
              >
                {t('access_chipOptional')}
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={t('find_removeLabel', { email: person.email })}
                ref={(element) => {
                  chipRefs.current[index] = element;
                }}
                onClick={() => remove(index, 'chip')}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combobox">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          autoFocus={autoFocus}
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={navigation.expanded}
          aria-controls={navigation.listId}
          aria-activedescendant={navigation.activeDescendant}
          aria-describedby={state.problems.length ? `${hintId} ${problemsId}` : hintId}
          aria-invalid={state.problems.length > 0 || undefined}
          placeholder={state.participants.length ? t('find_addAnother') : t('find_addressPlaceholder')}
          value={state.text}
          onChange={(event) => {
            const text = event.currentTarget.value;
            if (endsWithSeparator(text)) commit(text);
            else {
              // A message stays only while its entry is still in the field, unfixed.
              onChange({ ...state, text, problems: state.problems.filter((problem) => text.includes(problem.text)) });
              navigation.show();
            }
          }}
          onKeyDown={onInputKeyDown}
          onPaste={onPaste}
          onBlur={() => navigation.hide()}
        />
        <ListboxPopup navigation={navigation} label={t('find_suggestions')} options={visibleSuggestions} keyOf={(contact) => contact.email} onPick={addContact}>
          {(contact) => (
            <>
              <span>{contact.name ?? contact.email}</span>
              {contact.name && <span className="muted"> {contact.email}</span>}
            </>
          )}
        </ListboxPopup>
      </div>
      <p id={hintId} className="hint">
        {t('find_participantsHint')}
      </p>
      {state.problems.length > 0 && (
        <ul id={problemsId} className="field-problems">
          {state.problems.map((problem) => (
            <li key={problem.text} className="error">
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </div>
  );
}
