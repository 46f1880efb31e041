import { useEffect } from 'react';

/** The performance mark a page sets once it can be used; `npm run bench` reads it from the popup. */
export const INTERACTIVE_MARK = 'overlap:interactive';

/**
 * Marks the moment a page first shows its real content (not a loading line) with its handlers
 * attached: an effect runs after that render is committed. Measured from the page's time origin,
 * which is when the browser began to open it.
 */
export function useInteractiveMark(ready: boolean): void {
  useEffect(() => {
    if (ready && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) performance.mark(INTERACTIVE_MARK);
  }, [ready]);
}
