import { DateTime } from 'luxon';

/**
 * Quiet hours, in the channel's own zone (a team in Shenzhen sleeps on Asia/Shanghai time). A
 * non-critical delivery due inside them waits for their end; a critical one breaks through.
 * `from` > `to` spans midnight (22:00–07:00).
 */
export interface QuietHours {
  zone: string;
  from: string | null;
  to: string | null;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h as number) * 60 + (m as number);
};

export const isClockTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

/** When the quiet hours holding `at` end, or null when `at` is not inside them. */
export function quietUntil(q: QuietHours, at: Date): Date | null {
  if (!q.from || !q.to || q.from === q.to) return null;
  const local = DateTime.fromJSDate(at).setZone(q.zone);
  const minute = local.hour * 60 + local.minute;
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return null;
  const [h, m] = q.to.split(':').map(Number);
  let end = local.set({ hour: h as number, minute: m as number, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}
