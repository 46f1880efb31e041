/**
 * Intl formatters, one per kind, language and options, with no browser behind them: the engine
 * (pure, run in Node by tests and the bench) and lib/i18n share them.
 */
// Building an Intl formatter costs tens of microseconds, using one a fraction of that, and the
// engine words thousands of times per search: one formatter per kind, language and options.
const formatters = new Map<string, unknown>();
function cachedFormatter<T>(kind: string, locale: string, options: object, build: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cachedFormatter('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cachedFormatter('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

export function listFormat(locale: string, options: Intl.ListFormatOptions = {}): Intl.ListFormat {
  return cachedFormatter('list', locale, options, () => new Intl.ListFormat(locale, options));
}

export function relativeTimeFormat(locale: string, options: Intl.RelativeTimeFormatOptions = {}): Intl.RelativeTimeFormat {
  return cachedFormatter('relative', locale, options, () => new Intl.RelativeTimeFormat(locale, options));
}

export function pluralRules(locale: string): Intl.PluralRules {
  return cachedFormatter('plural', locale, {}, () => new Intl.PluralRules(locale));
}

/**
 * "2 hr 30 min" / "2 Std., 30 Min.": hours and minutes in the language's short units, joined as
 * CLDR joins units. The one writer of lengths of time, for the engine's reasons and the UI alike
 * (Intl.DurationFormat would do it, but Node 20, where the engine is tested, lacks it).
 */
export function formatMinutes(locale: string, minutes: number): string {
  const unit = (value: number, name: 'hour' | 'minute') => numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return unit(rest, 'minute');
  if (rest === 0) return unit(hours, 'hour');
  return listFormat(locale, { type: 'unit', style: 'narrow' }).format([unit(hours, 'hour'), unit(rest, 'minute')]);
}

// resolvedOptions() builds a new object per call, and the engine asks once per slot it words.
const hourStyles = new Map<string, 'numeric' | '2-digit'>();

/**
 * How a language writes the hour: "9:00 AM" where clocks run to 12, "09:00" where they run to 24
 * (a two-digit hour is how times are written there, and a leading zero reads oddly before AM/PM).
 */
export function hourStyle(locale: string): 'numeric' | '2-digit' {
  let style = hourStyles.get(locale);
  if (style === undefined) {
    style = dateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 ? 'numeric' : '2-digit';
    hourStyles.set(locale, style);
  }
  return style;
}
