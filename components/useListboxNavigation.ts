import { useId, useState, type KeyboardEvent } from 'react';

/**
 * Keyboard handling shared by the popup's comboboxes (WAI-ARIA combobox with a listbox popup):
 * Down/Up move the active option (opening the list), Enter picks it, Escape closes the list.
 * Focus stays in the input; the active option is announced through aria-activedescendant.
 */
export function useListboxNavigation<T>(options: readonly T[], onPick: (option: T) => void) {
  const listId = useId();
  const optionId = (index: number) => `${listId}-${index}`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const expanded = open && options.length > 0;
  const activeIndex = expanded && active < options.length ? active : -1;

  function onKeyDown(event: KeyboardEvent<HTMLElement>): boolean {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return false;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setOpen(true);
      setActive((current) => {
        if (!expanded || current < 0) return step === 1 ? 0 : options.length - 1;
        return (current + step + options.length) % options.length;
      });
      return true;
    }
    if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      onPick(options[activeIndex] as T);
      setOpen(false);
      setActive(-1);
      return true;
    }
    if (event.key === 'Escape' && expanded) {
      // Only this popup closes; the dialog or view around the field stays.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
      return true;
    }
    return false;
  }

  return {
    listId,
    optionId,
    /** For the input's aria-activedescendant: the option the arrow keys reached, if any. */
    activeDescendant: activeIndex >= 0 ? optionId(activeIndex) : undefined,
    expanded,
    activeIndex,
    onKeyDown,
    show: () => setOpen(true),
    hide: () => {
      setOpen(false);
      setActive(-1);
    },
    setActive,
  };
}
