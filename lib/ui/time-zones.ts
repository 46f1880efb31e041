let knownZones: readonly string[] | undefined;

/**
 * The IANA zones the runtime knows, with UTC first: the list the zone picker searches. Asked for
 * when a picker first searches and kept: the runtime takes about 10 ms to list them, which a
 * popup that lists none yet should not spend while it opens.
 */
export function listTimeZones(): readonly string[] {
  if (!knownZones) {
    const zones = Intl.supportedValuesOf('timeZone');
    knownZones = zones.includes('UTC') ? ['UTC', ...zones.filter((zone) => zone !== 'UTC')] : ['UTC', ...zones];
  }
  return knownZones;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "GMT+05:30" at the given instant (offsets change with daylight saving time). */
export function zoneOffsetLabel(zone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((candidate) => candidate.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** "America/Argentina/Buenos_Aires" reads as "America / Argentina / Buenos Aires". */
export function readableZone(zone: string): string {
  return zone.replaceAll('_', ' ').replaceAll('/', ' / ');
}

/**
 * Zones matching what the user typed, best first: a city that starts with the query beats a
 * region that does, which beats a match anywhere. Spaces and underscores are interchangeable.
 */
export function searchTimeZones(query: string, zones: readonly string[], limit = 50): string[] {
  const wanted = query.trim().toLowerCase().replaceAll(' ', '_');
  if (!wanted) return zones.slice(0, limit);
  const scored: { zone: string; score: number }[] = [];
  for (const zone of zones) {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    let score: number | undefined;
    if (city === wanted || lower === wanted) score = 0;
    else if (city.startsWith(wanted)) score = 1;
    else if (lower.startsWith(wanted)) score = 2;
    else if (lower.includes(wanted)) score = 3;
    if (score !== undefined) scored.push({ zone, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((entry) => entry.zone);
}
