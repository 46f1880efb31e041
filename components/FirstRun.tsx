import { t } from '@/lib/i18n';

export interface FirstRunProps {
  onConnect(): void;
}

/** What the popup shows before any calendar is connected: why, and the one button to start. */
export function FirstRun({ onConnect }: FirstRunProps) {
  return (
    <section className="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">{t('popup_firstRunHeading')}</h2>
      <p>{t('popup_firstRunWhat')}</p>
      <p className="muted">{t('popup_firstRunPermissions')}</p>
      <button type="button" className="primary" onClick={onConnect}>
        {t('popup_connectCalendar')}
      </button>
    </section>
  );
}
