import { useId } from 'react';
import { plural, t } from '@/lib/i18n';

export const DURATION_PRESETS = [15, 30, 45, 60] as const;

export interface DurationPickerProps {
  minutes: number;
  onChange(minutes: number): void;
}

/** Preset lengths as a radio group (arrow keys move between them) and a field for any other. */
export function DurationPicker({ minutes, onChange }: DurationPickerProps) {
  const name = useId();
  const customId = useId();
  const isPreset = (DURATION_PRESETS as readonly number[]).includes(minutes);
  return (
    <fieldset className="duration">
      <legend className="field-label">{t('find_duration')}</legend>
      <div className="segmented">
        {DURATION_PRESETS.map((preset) => (
          <label key={preset} className={minutes === preset ? 'segment checked' : 'segment'}>
            <input type="radio" name={name} value={preset} checked={minutes === preset} onChange={() => onChange(preset)} />
            <span aria-hidden="true">{t('find_durationShort', { minutes: preset })}</span>
            <span className="visually-hidden">{plural('common_minutes', preset)}</span>
          </label>
        ))}
        <label htmlFor={customId} className={isPreset ? 'custom' : 'custom checked'}>
          <span className="visually-hidden">{t('find_durationCustom')}</span>
          <input
            id={customId}
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            step={5}
            placeholder={t('find_durationOther')}
            value={isPreset ? '' : minutes}
            onChange={(event) => {
              const value = event.currentTarget.valueAsNumber;
              if (Number.isFinite(value) && value >= 5 && value <= 1440) onChange(Math.round(value));
            }}
          />
          <span aria-hidden="true" className="muted">
            {t('common_minutesUnit')}
          </span>
        </label>
      </div>
    </fieldset>
  );
}
