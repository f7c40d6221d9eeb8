import { DateTime } from 'luxon';
import { atWallClock } from '../dispatch/wallClock.ts';

/**
 * The local day whose morning digest is due at `now`: once the warehouse's clock has read its
 * digest time that day (a server that was down at 07:00 still sends it when it comes back), else
 * null. Null too when the warehouse has no digest time. The time is wall-clock time in the
 * warehouse's zone, so 07:00 stays 07:00 across daylight-saving changes (`atWallClock`).
 */
export function dueDigestDay(now: Date, digestAt: string | null, timeZone: string): string | null {
  if (!digestAt) return null;
  const [hour, minute] = digestAt.split(':').map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return now.getTime() >= atWallClock(local, hour, minute, timeZone) ? (local.toISODate() as string) : null;
}
