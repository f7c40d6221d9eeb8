import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';

// date-holidays (country data for the world) takes ~0.25 s to load: loaded on the first calendar
// asked for, not by every command that merely imports this file.
const require = createRequire(import.meta.url);
const holidays = (country: string): Holidays => {
  const Constructor = require('date-holidays') as typeof Holidays;
  return new Constructor(country);
};

/**
 * Holiday calendars for counting business days [P11]. Built on date-holidays' data, with its two
 * known gaps fixed here (reference/dispatch-and-calendars.md §3.3):
 * - US: the observed Veterans Day substitute (e.g. 2028-11-10) is typed `bank`, not `public`;
 * - MX: the presidential inauguration rest day moved from Dec 1 to Oct 1 from 2024 (DOF 2024-09-30).
 * State calendars are deliberately not used: the platform's rule is US federal holidays.
 */

export interface HolidayCalendar {
  id: string;
  /** Is this local date (YYYY-MM-DD) a holiday? */
  isHoliday(date: string): boolean;
}

export const calendarIds = ['US-federal', 'MX-federal', 'none'] as const;
export type CalendarId = (typeof calendarIds)[number];

type Builder = () => Holidays;

const builders: Record<
  Exclude<CalendarId, 'none'>,
  { build: Builder; keep: (h: HolidaysTypes.Holiday) => boolean }
> = {
  'US-federal': {
    build: () => holidays('US'),
    keep: (h) => h.type === 'public' || (h.type === 'bank' && h.name.includes('substitute')),
  },
  'MX-federal': {
    build: () => {
      const mx = holidays('MX');
      const name = { es: 'Transmisión del Poder Ejecutivo Federal' };
      // `false` disables a rule: accepted by date-holidays, missing from its type declarations.
      mx.setHoliday('12-01 every 6 years since 1934', false as unknown as string);
      mx.setHoliday('12-01 every 6 years since 1934 prior to 2024', { name, type: 'public' });
      mx.setHoliday('10-01 every 6 years since 2024', {
        name,
        type: 'public',
        active: [{ from: '2024-01-01' }],
      });
      return mx;
    },
    keep: (h) => h.type === 'public',
  },
};

const cache = new Map<string, HolidayCalendar>();

/** The calendar with this id; years are computed once, on first use. */
export function holidayCalendar(id: string): HolidayCalendar {
  const cached = cache.get(id);
  if (cached) return cached;
  if (id === 'none') return remember({ id, isHoliday: () => false });
  const spec = builders[id as keyof typeof builders];
  if (!spec) throw new Error(`unknown holiday calendar "${id}" (known: ${calendarIds.join(', ')})`);
  const source = spec.build();
  const years = new Map<number, Set<string>>();
  const datesOf = (year: number) => {
    let dates = years.get(year);
    if (!dates) {
      dates = new Set(
        source
          .getHolidays(year)
          .filter(spec.keep)
          .map((h) => h.date.slice(0, 10)),
      );
      years.set(year, dates);
    }
    return dates;
  };
  return remember({ id, isHoliday: (date) => datesOf(Number(date.slice(0, 4))).has(date) });
}

function remember(calendar: HolidayCalendar): HolidayCalendar {
  cache.set(calendar.id, calendar);
  return calendar;
}
