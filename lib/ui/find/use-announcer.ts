import { useCallback, useState } from 'react';

/**
 * Words for a polite live region (`<LiveAnnouncer text={announcement} />`): what a host's screen
 * reader users hear after a search, a booking or a move.
 */
export function useAnnouncer(): { announcement: string; announce(text: string): void } {
  const [announcement, setAnnouncement] = useState('');
  // The same words twice in a row must still be spoken, so the region is cleared first.
  const announce = useCallback((text: string) => {
    setAnnouncement('');
    requestAnimationFrame(() => setAnnouncement(text));
  }, []);
  return { announcement, announce };
}
