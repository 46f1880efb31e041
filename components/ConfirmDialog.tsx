import type { ReactNode } from 'react';
import type { Guidance } from '@/lib/ui/errors';
import { Dialog } from './Dialog';
import { GuidanceNotice } from './GuidanceNotice';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the action runs. */
  runningLabel: string;
  cancelLabel: string;
  running: boolean;
  danger?: boolean;
  failure?: Guidance;
  onConfirm(): void;
  onRemedy(): void;
  onClose(): void;
}

/** Asks once before an action on a real meeting (moving or cancelling it), and shows how it went. */
export function ConfirmDialog({ title, children, confirmLabel, runningLabel, cancelLabel, running, danger = false, failure, onConfirm, onRemedy, onClose }: ConfirmDialogProps) {
  return (
    <Dialog title={title} role={danger ? 'alertdialog' : 'dialog'} onClose={onClose} locked={running}>
      <div aria-busy={running}>
        {children}
        {failure && <GuidanceNotice guidance={failure} onAction={onRemedy} busy={running} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={running}>
            {cancelLabel}
          </button>
          <button type="button" className={danger ? 'danger-solid' : 'primary'} onClick={onConfirm} disabled={running} aria-busy={running || undefined}>
            {running ? <span className="progress">{runningLabel}</span> : confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
