import { useId, useMemo, useState } from 'react';
import { listTimeZones, readableZone, searchTimeZones, zoneOffsetLabel } from '@/lib/ui/time-zones';
import { ListboxPopup } from './ListboxPopup';
import { useListboxNavigation } from './useListboxNavigation';
import { t } from '@/lib/i18n';

export interface TimeZonePickerProps {
  label: string;
  value: string;
  /** The instant offsets are shown for (they change with daylight saving time). */
  at: Date;
  onChange(zone: string): void;
}

/**
 * A searchable list of IANA zones: shows the chosen zone and its offset; typing filters, arrow
 * keys and Enter pick, Escape puts the chosen zone back.
 */
export function TimeZonePicker({ label, value, at, onChange }: TimeZonePickerProps) {
  const inputId = useId();
  const [query, setQuery] = useState<string | undefined>();
  const matches = useMemo(() => (query === undefined ? [] : searchTimeZones(query, listTimeZones(), 40)), [query]);
  const navigation = useListboxNavigation(matches, pick);

  function pick(zone: string) {
    onChange(zone);
    setQuery(undefined);
  }

  return (
    <div className="zone-picker">
      <label htmlFor={inputId} className="field-label">
        {label} <span className="muted">({zoneOffsetLabel(value, at)})</span>
      </label>
      <div className="combobox">
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={navigation.expanded}
          aria-controls={navigation.listId}
          aria-activedescendant={navigation.activeDescendant}
          value={query ?? value}
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            navigation.show();
            navigation.setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && query === undefined) setQuery('');
            if (navigation.onKeyDown(event)) return;
            if (event.key === 'Escape' && query !== undefined) {
              event.preventDefault();
              event.stopPropagation();
              setQuery(undefined);
            }
            if (event.key === 'Enter') event.preventDefault();
          }}
          onBlur={() => {
            navigation.hide();
            setQuery(undefined);
          }}
        />
        <ListboxPopup navigation={navigation} label={t('find_zoneChoices', { label })} options={matches} keyOf={(zone) => zone} onPick={pick}>
          {(zone) => (
            <>
              <span>{readableZone(zone)}</span> <span className="muted">{zoneOffsetLabel(zone, at)}</span>
            </>
          )}
        </ListboxPopup>
      </div>
    </div>
  );
}
