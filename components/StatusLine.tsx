export type BackgroundState =
  | { kind: 'connecting' }
  | { kind: 'ready'; version: string; flavor: 'sandbox' | 'production' }
  | { kind: 'failed'; message: string };

/** Tells the user whether the background answered; announced politely to screen readers. */
export function StatusLine({ state }: { state: BackgroundState }) {
  return (
    <p role="status" aria-live="polite" data-testid="background-status" className={state.kind === 'failed' ? 'error' : 'muted'}>
      {state.kind === 'connecting' && 'Connecting to Overlap…'}
      {state.kind === 'ready' &&
        `Ready · version ${state.version}${state.flavor === 'sandbox' ? ' · sandbox build (local stand-ins, no real accounts)' : ''}`}
      {state.kind === 'failed' && `Overlap's background is not answering: ${state.message}`}
    </p>
  );
}
