export interface FirstRunProps {
  onConnect(): void;
}

/** What the popup shows before any calendar is connected: why, and the one button to start. */
export function FirstRun({ onConnect }: FirstRunProps) {
  return (
    <section className="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">Connect a calendar to start</h2>
      <p>
        Overlap finds times when everyone is free, across Google and Microsoft 365 calendars, and books the meeting for you. It needs one connected calendar
        account to see free and busy times.
      </p>
      <p className="muted">
        At first it asks only to see when people are busy — never what their events are. Booking asks for its own permission the first time you book.
      </p>
      <button type="button" className="primary" onClick={onConnect}>
        Connect a calendar
      </button>
    </section>
  );
}
