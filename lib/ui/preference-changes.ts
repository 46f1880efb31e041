import { CLEARABLE_PREFERENCES, type Preferences } from '@/lib/meetings/types';

/**
 * The fields a settings form changed, as `preferences.set` takes them: what differs from the
 * preferences the form started from, with a cleared optional field as `null` (a message drops
 * `undefined`). Sending only these lets another page's change to other fields stand, where
 * sending the whole form would write its stale copy of them back.
 */
export function changedPreferences(before: Preferences, after: Preferences): Partial<Record<keyof Preferences, unknown>> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Preferences)[]);
  const changed: Partial<Record<keyof Preferences, unknown>> = {};
  for (const key of keys) {
    if (canonical(before[key]) === canonical(after[key])) continue;
    const clearable = (CLEARABLE_PREFERENCES as readonly string[]).includes(key);
    changed[key] = after[key] === undefined && clearable ? null : after[key];
  }
  return changed;
}

/** JSON with object keys sorted: a form may list the same working days in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
