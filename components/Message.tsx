import { Fragment, type ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';

/**
 * A message whose `{name}` values are elements ("<strong>{title}</strong> is booked for {when}"):
 * the translation decides where each one goes, so no sentence is glued together from pieces.
 */
export function Message({ id, values }: { id: MessageKey; values: Record<string, ReactNode> }) {
  // Without values t leaves the braces in place; splitting on them alternates text and names.
  const parts = t(id).split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>{index % 2 === 1 ? (part in values ? values[part] : `{${part}}`) : part}</Fragment>
      ))}
    </>
  );
}
