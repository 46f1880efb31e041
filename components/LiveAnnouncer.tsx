/** The polite live region a host's `useAnnouncer()` speaks through; one per page. */
export function LiveAnnouncer({ text }: { text: string }) {
  return (
    <div aria-live="polite" className="visually-hidden" data-testid="announcer">
      {text}
    </div>
  );
}
