import type { Guidance } from '@/lib/ui/errors';

export interface GuidanceNoticeProps {
  guidance: Guidance;
  /** Runs the remedy the guidance offers; absent while one is already running. */
  onAction?(): void;
  busy?: boolean;
}

/** A failure in plain words with the one thing to do about it, announced at once. */
export function GuidanceNotice({ guidance, onAction, busy = false }: GuidanceNoticeProps) {
  return (
    <div className="guidance" role="alert">
      <p>{guidance.message}</p>
      {guidance.action && onAction && (
        <button type="button" className="primary" disabled={busy} aria-busy={busy || undefined} onClick={onAction}>
          {guidance.action.label}
        </button>
      )}
    </div>
  );
}
