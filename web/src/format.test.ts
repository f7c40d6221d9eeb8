import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatInstant } from './format';
import { isDaylightTime, zoneName } from './zoneNames';

/**
 * Every instant a person reads names its zone with a short name in their language, in the zone it
 * is shown in (a warehouse's), across both DST changes of 2026 (8 March, 1 November in the US).
 */

// A fixed "now" in 2026, so the year is left out as it is for this year's instants.
const now = Date.parse('2026-06-15T12:00:00Z');
const show = (iso: string, lang: string, zone: string) => formatInstant(iso, lang, zone, now);

describe('formatInstant in a Texas warehouse (America/Chicago)', () => {
  const chicago = 'America/Chicago';
  // 2026-03-08 02:00 CST the clocks jump to 03:00 CDT; 2026-11-01 02:00 CDT they fall back to 01:00 CST.
  const cases: [string, Record<'en' | 'es-MX' | 'zh-CN', string>][] = [
    [
      '2026-03-08T07:59:00Z',
      {
        en: 'Sun 8 Mar 01:59 CST',
        'es-MX': 'dom 8 mar 01:59 CST',
        'zh-CN': '3月8日 周日 01:59 美中部标准时间',
      },
    ],
    [
      '2026-03-08T08:00:00Z',
      {
        en: 'Sun 8 Mar 03:00 CDT',
        'es-MX': 'dom 8 mar 03:00 CDT',
        'zh-CN': '3月8日 周日 03:00 美中部夏令时间',
      },
    ],
    [
      '2026-11-01T06:30:00Z',
      {
        en: 'Sun 1 Nov 01:30 CDT',
        'es-MX': 'dom 1 nov 01:30 CDT',
        'zh-CN': '11月1日 周日 01:30 美中部夏令时间',
      },
    ],
    // The same wall-clock hour again, an hour later: only the zone's name tells them apart.
    [
      '2026-11-01T07:30:00Z',
      {
        en: 'Sun 1 Nov 01:30 CST',
        'es-MX': 'dom 1 nov 01:30 CST',
        'zh-CN': '11月1日 周日 01:30 美中部标准时间',
      },
    ],
    [
      '2026-12-01T22:00:00Z',
      {
        en: 'Tue 1 Dec 16:00 CST',
        'es-MX': 'mar 1 dic 16:00 CST',
        'zh-CN': '12月1日 周二 16:00 美中部标准时间',
      },
    ],
  ];
  for (const [iso, expected] of cases) {
    for (const lang of ['en', 'es-MX', 'zh-CN'] as const) {
      it(`${iso} in ${lang} reads "${expected[lang]}"`, () => {
        expect(show(iso, lang, chicago)).toBe(expected[lang]);
      });
    }
  }
});

describe('formatInstant in other warehouses and zones', () => {
  const december = '2026-12-01T22:00:00Z';
  const july = '2026-07-01T06:59:00Z';

  it('names the US Pacific zone, standard and daylight', () => {
    expect(show(december, 'en', 'America/Los_Angeles')).toBe('Tue 1 Dec 14:00 PST');
    expect(show(july, 'en', 'America/Los_Angeles')).toBe('Tue 30 Jun 23:59 PDT');
    expect(show(july, 'es-MX', 'America/Los_Angeles')).toBe('mar 30 jun 23:59 PDT');
    expect(show(july, 'zh-CN', 'America/Los_Angeles')).toBe('6月30日 周二 23:59 美西夏令时间');
  });

  it('keeps Mexico City on its one time all year (no daylight time since 2022)', () => {
    expect(show(july, 'en', 'America/Mexico_City')).toBe('Wed 1 Jul 00:59 CST');
    expect(show(july, 'es-MX', 'America/Mexico_City')).toBe('mié 1 jul 00:59 hora del centro');
    expect(show(july, 'zh-CN', 'America/Mexico_City')).toBe('7月1日 周三 00:59 墨西哥中部时间');
  });

  it('labels an order without a warehouse in UTC as "UTC"', () => {
    expect(show(december, 'en', 'UTC')).toBe('Tue 1 Dec 22:00 UTC');
    expect(show(december, 'es-MX', 'UTC')).toBe('mar 1 dic 22:00 UTC');
    expect(show(december, 'zh-CN', 'UTC')).toBe('12月1日 周二 22:00 UTC');
    expect(show(december, 'en', 'Etc/UTC')).toBe('Tue 1 Dec 22:00 UTC');
  });

  it('says Beijing time in Chinese', () => {
    expect(show(december, 'zh-CN', 'Asia/Shanghai')).toBe('12月2日 周三 06:00 北京时间');
    expect(show(december, 'en', 'Asia/Shanghai')).toBe('Wed 2 Dec 06:00 China time');
  });

  it('names a zone outside the glossary by its offset, never by its id', () => {
    expect(show(december, 'en', 'Asia/Tokyo')).toBe('Wed 2 Dec 07:00 GMT+9');
    expect(show(december, 'zh-CN', 'Europe/Berlin')).toBe('12月1日 周二 23:00 GMT+1');
  });

  it('adds the year when it is not the current one', () => {
    expect(show('2025-12-01T22:00:00Z', 'en', 'America/Chicago')).toBe('Mon 1 Dec 2025 16:00 CST');
    expect(show('2025-12-01T22:00:00Z', 'es-MX', 'America/Chicago')).toBe('lun 1 dic 2025 16:00 CST');
    expect(show('2025-12-01T22:00:00Z', 'zh-CN', 'America/Chicago')).toBe(
      '2025年12月1日 周一 16:00 美中部标准时间',
    );
  });

  it('shows a dash for a missing or unreadable instant', () => {
    expect(show('', 'en', 'UTC')).toBe('—');
    expect(formatInstant(null, 'en', 'UTC')).toBe('—');
    expect(show('not a date', 'en', 'UTC')).toBe('—');
  });

  it('never prints an IANA id, in any language, zone or season', () => {
    const zones = [
      'America/Chicago',
      'America/Los_Angeles',
      'America/New_York',
      'America/Denver',
      'America/Phoenix',
      'America/Mexico_City',
      'America/Tijuana',
      'America/Monterrey',
      'Asia/Shanghai',
      'UTC',
      'America/Bogota',
      'Europe/Madrid',
    ];
    const instants = [
      '2026-03-08T07:59:00Z',
      '2026-03-08T08:00:00Z',
      '2026-11-01T06:59:00Z',
      '2026-11-01T07:00:00Z',
    ];
    for (const lang of ['en', 'es-MX', 'zh-CN']) {
      for (const zone of zones) {
        for (const iso of instants) {
          const text = show(iso, lang, zone);
          expect(text, `${lang} ${zone} ${iso}`).not.toMatch(/America\/|Asia\/|Europe\//);
          expect(formatClock(new Date(iso), lang, zone)).not.toMatch(/America\/|Asia\/|Europe\//);
        }
      }
    }
  });
});

describe('zone names', () => {
  it('tells daylight time from standard time by the instant', () => {
    expect(isDaylightTime('America/Chicago', new Date('2026-03-08T07:59:00Z'))).toBe(false);
    expect(isDaylightTime('America/Chicago', new Date('2026-03-08T08:00:00Z'))).toBe(true);
    expect(isDaylightTime('America/Phoenix', new Date('2026-07-01T00:00:00Z'))).toBe(false);
  });

  it('are short and in the reader’s language for every warehouse zone', () => {
    const summer = new Date('2026-07-01T12:00:00Z');
    expect(zoneName('America/New_York', 'zh-CN', 'zh-CN', summer)).toBe('美东夏令时间');
    expect(zoneName('America/Denver', 'en', 'en-US', summer)).toBe('MDT');
    expect(zoneName('America/Phoenix', 'zh-CN', 'zh-CN', summer)).toBe('亚利桑那时间');
    expect(zoneName('America/Tijuana', 'es-MX', 'es-MX', summer)).toBe('PDT');
    expect(zoneName('America/Monterrey', 'es-MX', 'es-MX', summer)).toBe('hora del centro');
  });
});

describe('formatClock and formatDuration', () => {
  it('shows a warehouse’s wall clock with its zone named', () => {
    const at = new Date('2026-12-03T15:41:00Z');
    expect(formatClock(at, 'en', 'America/Chicago')).toBe('Thu 09:41 CST');
    expect(formatClock(at, 'es-MX', 'America/Chicago')).toBe('jue 09:41 CST');
    expect(formatClock(at, 'zh-CN', 'America/Chicago')).toBe('周四 09:41 美中部标准时间');
  });

  it('says how late an order is in words, in whole days from two days on', () => {
    const late = 47 * 86_400_000 + 5 * 3_600_000;
    expect(formatDuration(late, 'en')).toBe('47 days');
    expect(formatDuration(late, 'es-MX')).toBe('47 días');
    expect(formatDuration(late, 'zh-CN')).toBe('47天');
    expect(formatDuration(30 * 3_600_000, 'en')).toBe('30 hours');
    expect(formatDuration(90 * 60_000, 'es-MX')).toBe('90 minutos');
    expect(formatDuration(20_000, 'zh-CN')).toBe('1分钟');
  });
});
