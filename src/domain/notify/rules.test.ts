import { describe, expect, it } from 'vitest';
import { quietUntil } from './quietHours.ts';
import { retryDelayMs } from './retry.ts';
import { alertKindOf, channelsFor, type RouteRule } from './routing.ts';
import { isWorse } from './worsening.ts';

describe('quiet hours', () => {
  const night = { zone: 'Asia/Shanghai', from: '22:00', to: '07:00' };

  it('span midnight in the channel’s own zone and end at its morning', () => {
    // 23:30 in Shanghai is 15:30 UTC.
    expect(quietUntil(night, new Date('2026-12-01T15:30:00Z'))?.toISOString()).toBe(
      '2026-12-01T23:00:00.000Z',
    );
    // 02:00 in Shanghai, after midnight: the same night, ending at 07:00 that morning.
    expect(quietUntil(night, new Date('2026-12-01T18:00:00Z'))?.toISOString()).toBe(
      '2026-12-01T23:00:00.000Z',
    );
  });

  it('are not in force during the day, nor when unset', () => {
    expect(quietUntil(night, new Date('2026-12-01T04:00:00Z'))).toBeNull(); // 12:00 in Shanghai
    expect(quietUntil({ zone: 'UTC', from: null, to: null }, new Date())).toBeNull();
  });
});

describe('routes', () => {
  const route = (r: Partial<RouteRule>): RouteRule => ({
    channelId: 'ops',
    kinds: [],
    minSeverity: null,
    warehouse: null,
    storefront: null,
    ...r,
  });

  it('send every critical alert, and only those, to a channel without routes', () => {
    expect(channelsFor(['ops'], [], { kind: 'oversell', severity: 'critical' })).toEqual(['ops']);
    expect(channelsFor(['ops'], [], { kind: 'ship_by_at_risk', severity: 'warning' })).toEqual([]);
  });

  it('pick alerts by kind, least severity, warehouse and storefront', () => {
    const tx = [
      route({ kinds: ['ship_by_at_risk', 'ship_by_late'], minSeverity: 'warning', warehouse: 'TX' }),
    ];
    expect(
      channelsFor(['ops'], tx, { kind: 'ship_by_at_risk', severity: 'warning', warehouse: 'TX' }),
    ).toEqual(['ops']);
    expect(
      channelsFor(['ops'], tx, { kind: 'ship_by_at_risk', severity: 'warning', warehouse: 'CA' }),
    ).toEqual([]);
    expect(channelsFor(['ops'], tx, { kind: 'oversell', severity: 'critical', warehouse: 'TX' })).toEqual([]);
    const mx = [route({ kinds: ['oversell'], storefront: 'TTS-MX' })];
    expect(
      channelsFor(['ops', 'other'], mx, { kind: 'oversell', severity: 'critical', storefront: 'tts-mx' }),
    ).toEqual(['ops', 'other']);
  });

  it('take the short names people type', () => {
    expect(['late', 'at_risk', 'low', 'oversell', 'tsunami'].map(alertKindOf)).toEqual([
      'ship_by_late',
      'ship_by_at_risk',
      'low_stock',
      'oversell',
      null,
    ]);
  });
});

it('re-sends an open alert only when its figures get worse', () => {
  const before = { severity: 2, orders: 2, units: 5 };
  expect(isWorse({ severity: 2, orders: 2, units: 5 }, before)).toBe(false);
  expect(isWorse({ severity: 2, orders: 1, units: 3 }, before)).toBe(false);
  expect(isWorse({ severity: 2, orders: 3, units: 5 }, before)).toBe(true);
  expect(isWorse({ severity: 2, orders: 2, units: 6 }, before)).toBe(true);
});

it('backs off 30 s, 1 min, 2 min… up to an hour between attempts', () => {
  expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000]);
});
