import type { ReactNode } from 'react';
import type { useListboxNavigation } from './useListboxNavigation';

export interface ListboxPopupProps<T> {
  navigation: ReturnType<typeof useListboxNavigation<T>>;
  label: string;
  options: readonly T[];
  keyOf(option: T): string;
  onPick(option: T): void;
  children(option: T): ReactNode;
}

/** The listbox a combobox input opens: options the arrow keys move through, picked by Enter or a click. */
export function ListboxPopup<T>({ navigation, label, options, keyOf, onPick, children }: ListboxPopupProps<T>) {
  return (
    <ul id={navigation.listId} role="listbox" aria-label={label} className="listbox" hidden={!navigation.expanded}>
      {options.map((option, index) => (
        <li
          key={keyOf(option)}
          id={navigation.optionId(index)}
          role="option"
          aria-selected={index === navigation.activeIndex}
          className={index === navigation.activeIndex ? 'option active' : 'option'}
          // mousedown, not click: the input's blur would close the list before a click lands.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(option);
          }}
        >
          {children(option)}
        </li>
      ))}
    </ul>
  );
}
