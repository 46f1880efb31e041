import { useEffect, useRef, useState } from 'react';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';
import type { Contact } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { guidanceFor, type Guidance } from '../errors';
import { calendarsAsked, type SearchRequest } from './search-request';
import { plural, t } from '@/lib/i18n';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching'; calendars: number; searchId: string }
  | { kind: 'done'; outcome: FindTimesOutcome; request: SearchRequest; receivedAt: Date }
  | { kind: 'failed'; guidance: Guidance };

/**
 * One search at a time against the background, announced as it starts and ends. A search can be
 * cancelled while it runs (a provider that stalls); its late answer is then ignored.
 */
export function useFindSearch(announce: (text: string) => void) {
  const [search, setSearch] = useState<SearchState>({ kind: 'idle' });
  const current = useRef<string | undefined>(undefined);

  /** Resolves with the outcome when times came back (found or not), undefined otherwise. */
  async function run(request: SearchRequest): Promise<FindTimesOutcome | undefined> {
    const calendars = calendarsAsked(request);
    const searchId = crypto.randomUUID();
    current.current = searchId;
    setSearch({ kind: 'searching', calendars, searchId });
    announce(plural('find_checkingCalendars', calendars));
    try {
      const outcome = await sendMessage('schedule.find', { ...request, searchId });
      if (current.current !== searchId) return undefined;
      if (!outcome.result.ok) {
        setSearch({ kind: 'failed', guidance: { message: outcome.result.error.message } });
        announce(outcome.result.error.message);
        return undefined;
      }
      setSearch({ kind: 'done', outcome, request, receivedAt: new Date() });
      const count = outcome.result.slots.length;
      announce(count === 0 ? t('find_announceNoneFits') : plural('find_announceFound', count));
      return outcome;
    } catch (error) {
      if (current.current !== searchId) return undefined;
      const guidance = guidanceFor(error, t('guidance_doingFindTimes'));
      setSearch({ kind: 'failed', guidance });
      announce(guidance.message);
      return undefined;
    }
  }

  /** Stops the running search: the background aborts its requests, and the form can be sent again. */
  function cancel() {
    if (search.kind !== 'searching') return;
    current.current = undefined;
    // The background may have answered meanwhile; there is nothing left to stop then.
    sendMessage('schedule.cancel', { searchId: search.searchId }).catch(() => undefined);
    const message = t('network_searchCancelled');
    setSearch({ kind: 'failed', guidance: { message, action: { kind: 'retry', label: t('network_searchAgain') } } });
    announce(message);
  }

  return {
    search,
    run,
    cancel,
    reset: () => {
      current.current = undefined;
      setSearch({ kind: 'idle' });
    },
  };
}

/** Address-book suggestions for the entry being typed: the text after the last separator. */
export function useContactSuggestions(text: string): Contact[] {
  const [suggestions, setSuggestions] = useState<Contact[]>([]);
  const query = text.split(/[,;\n]/).pop()?.trim() ?? '';
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
  return suggestions;
}
