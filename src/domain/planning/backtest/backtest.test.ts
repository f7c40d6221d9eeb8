import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendarDays.ts';
import { planningConfigSchema } from '../planningConfig.ts';
import { compareBacktest } from './compareBacktest.ts';
import type { History } from './history.ts';
import { naivePolicy, puentePolicy, supplierQuantity } from './policies.ts';
import { simulate } from './simulate.ts';
import { SYNTHETIC_DAYS, syntheticHistory, VIRAL_DAY, VIRAL_SKU } from './syntheticHistory.ts';

const config = planningConfigSchema.parse(
  JSON.parse(readFileSync(new URL('../../../../config/planning.json', import.meta.url), 'utf8')),
);
const terms = { supplierLeadTimeDays: 7, transitDays: 10 };

describe('simulate', () => {
  it('loses the demand an empty shelf cannot meet, and values what stays', () => {
    const history: History = {
      name: 'three days',
      start: '2026-06-01',
      days: 3,
      currency: 'USD',
      skus: [
        {
          sku: 'A',
          demand: [5, 5, 5],
          unitValueMinor: 100,
          openingStock: 7,
          listedOnDay: -30,
          casePack: 1,
          moq: 0,
        },
      ],
    };
    const r = simulate(history, naivePolicy(), terms, config, ['A']);
    // Sold 5, 2, 0: lost 0, 3, 5. Day 0 the naive rule sees 5 a day and 2 units (under 7 days):
    // it orders 30 × 5 − 2 = 148, which lands after the 3 days.
    expect(r).toMatchObject({ lostUnits: 8, stockoutDays: 2, unitsBought: 148, demandUnits: 15 });
    expect(r.avgStockValueMinor).toBe(Math.round((2 * 100) / 3));
    expect(r.traces.A?.map((d) => [d.date, d.sold, d.onHand])).toEqual([
      ['2026-06-01', 5, 2],
      ['2026-06-02', 2, 0],
      ['2026-06-03', 0, 0],
    ]);
  });

  it('delivers an order lead-time days later, in time for the next morning', () => {
    const history: History = {
      name: 'one order',
      start: '2026-06-01',
      days: 22,
      currency: 'USD',
      skus: [
        {
          sku: 'A',
          demand: Array(22).fill(1),
          unitValueMinor: 100,
          openingStock: 1,
          listedOnDay: -30,
          casePack: 1,
          moq: 0,
        },
      ],
    };
    const trace = simulate(history, naivePolicy(), terms, config, ['A']).traces.A ?? [];
    // Ordered at the end of day 0; 17 days later is the end of day 17; on the shelf from day 18.
    expect(trace[0]?.ordered).toBe(30);
    expect(trace[17]?.onHand).toBe(0);
    expect(trace[18]?.onHand).toBe(29);
    expect(trace[18]?.date).toBe(addDays('2026-06-01', 18));
  });

  it('counts no day before a listing goes live: only the 5 empty days after it are stock-outs', () => {
    const history: History = {
      name: 'late listing',
      start: '2026-06-01',
      days: 10,
      currency: 'USD',
      skus: [
        {
          sku: 'A',
          demand: Array(10).fill(0),
          unitValueMinor: 1,
          openingStock: 0,
          listedOnDay: 5,
          casePack: 1,
          moq: 0,
        },
      ],
    };
    expect(simulate(history, puentePolicy(config), terms, config).stockoutDays).toBe(5);
  });
});

describe('supplierQuantity', () => {
  it('buys whole cartons, at least the MOQ', () => {
    expect(supplierQuantity(0, { casePack: 12, moq: 24 })).toBe(0);
    expect(supplierQuantity(5, { casePack: 12, moq: 24 })).toBe(24);
    expect(supplierQuantity(25, { casePack: 12, moq: 24 })).toBe(36);
    expect(supplierQuantity(7, { casePack: 1, moq: 0 })).toBe(7);
  });
});

describe('backtest', () => {
  it('is deterministic: the same seed gives the same figures, another seed others', () => {
    const first = compareBacktest(syntheticHistory(7), terms, config);
    const again = compareBacktest(syntheticHistory(7), terms, config);
    expect(again).toEqual(first);
    expect(compareBacktest(syntheticHistory(8), terms, config).results[0]?.lostUnits).not.toBe(
      first.results[0]?.lostUnits,
    );
  });

  it('replays every day of the synthetic history and flags its viral SKU only after it takes off', () => {
    const c = compareBacktest(syntheticHistory(7), terms, config);
    expect(c.history).toMatchObject({ days: SYNTHETIC_DAYS, currency: 'USD' });
    for (const r of c.results) {
      expect(r.traces[VIRAL_SKU]).toHaveLength(SYNTHETIC_DAYS);
      const viral = r.hits.filter((h) => h.sku === VIRAL_SKU);
      expect(viral.length).toBeGreaterThan(0);
      for (const h of viral) expect(h.flaggedOn >= addDays('2026-01-05', VIRAL_DAY)).toBe(true);
    }
  });
});
