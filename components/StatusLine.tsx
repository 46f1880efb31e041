import { t } from '@/lib/i18n';

export type BackgroundState =
  | { kind: 'connecting' }
  | { kind: 'ready'; version: string; flavor: 'sandbox' | 'production' }
  | { kind: 'failed'; message: string };

/** Tells the user whether the background answered; announced politely to screen readers. */
export function StatusLine({ state }: { state: BackgroundState }) {
  return (
    <p role="status" aria-live="polite" data-testid="background-status" data-state={state.kind} className={state.kind === 'failed' ? 'error' : 'muted'}>
      {state.kind === 'connecting' && t('common_statusConnecting')}
      {state.kind === 'ready' && `${t('common_statusReady', { version: state.version })}${state.flavor === 'sandbox' ? ` · ${t('common_statusSandbox')}` : ''}`}
      {state.kind === 'failed' && t('common_statusFailed', { detail: state.message })}
    </p>
  );
}
