import { type DateTime, IANAZone } from 'luxon';

/**
 * The instant (ms) a wall clock in `zone` reads hour:minute on `day`, the way calendars agree on
 * (RFC 5545, Temporal's "compatible"): a time skipped by spring-forward moves later by the gap
 * (02:30 → 03:30 CDT, the instant 02:30 CST would have been), and a time that happens twice at
 * fall-back is its first occurrence (the truck that comes at 01:30 comes at the first 01:30).
 * Spelled out rather than left to Luxon, whose answer for a repeated time depends on the offset it
 * starts guessing from (`fromISO` takes the second 01:30, `startOf('day').set` the first).
 */
export function atWallClock(day: DateTime, hour: number, minute: number, zone: string): number {
  const local = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  const tz = IANAZone.create(zone);
  const offsetAt = (ms: number) => tz.offset(ms) * 60_000;
  // The zone's offsets a day either side: every DST change is shorter than that.
  const before = offsetAt(local - 86_400_000);
  const after = offsetAt(local + 86_400_000);
  if (before === after) return local - before; // no change that day: the usual case, and quick
  const valid = [before, after].map((o) => local - o).filter((ms) => offsetAt(ms) === local - ms);
  return valid.length ? Math.min(...valid) : local - before;
}
