import { useEffect, useId, useRef, type ReactNode } from 'react';
import { t } from '@/lib/i18n';

export interface DialogProps {
  title: string;
  /** alertdialog for confirmations of something destructive. */
  role?: 'dialog' | 'alertdialog';
  onClose(): void;
  /** While true, Escape and the close button do nothing (a request is in flight). */
  locked?: boolean;
  children: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: the browser traps focus and makes the page behind it
 * inert. Focus goes to the heading so the title is read first; Escape closes.
 */
export function Dialog({ title, role = 'dialog', onClose, locked = false, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Remember who opened it so focus can go back there when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (!dialog.open) dialog.showModal();
    headingRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={headingId}
      className="modal"
      onCancel={(event) => {
        event.preventDefault();
        if (!locked) onClose();
      }}
    >
      <header className="modal-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label={t('common_close')} disabled={locked} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {children}
    </dialog>
  );
}
