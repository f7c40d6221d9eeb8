import type { History, HistorySku } from './history.ts';
import { type Random, seededRandom } from './seededRandom.ts';

/**
 * A seeded synthetic history with the shapes a restock policy must survive:
 * - steady sellers with a weekly rhythm (weekends sell more) and a slow seasonal swell;
 * - intermittent sellers: most days nothing, now and then an order of 1–3;
 * - new test listings that start part-way through;
 * - SKUs that start nearly empty, so the history opens with stock-outs;
 * - one viral SKU: a slow seller until content takes off, then a ramp to ~25 a day that fades over
 *   three weeks (the demo's dog toy, at a larger scale).
 * Orders come in lumps of 1–2 units, so daily counts are over-dispersed as real ones are.
 */

export const SYNTHETIC_DAYS = 150;
export const VIRAL_SKU = 'SYN-VIRAL';
/** The day the viral SKU's content takes off. */
export const VIRAL_DAY = 110;

/** Units in a day with `rate` units expected: a Poisson number of orders of 1 or 2 units. */
function lumpyUnits(rnd: Random, rate: number): number {
  let units = 0;
  for (let orders = rnd.poisson(rate / 1.5); orders > 0; orders--) units += rnd.next() < 0.5 ? 1 : 2;
  return units;
}

const weekly = (day: number) => ([5, 6].includes(day % 7) ? 1.3 : day % 7 === 0 ? 1.15 : 0.9);
const seasonal = (day: number, phase: number) => 1 + 0.25 * Math.sin((2 * Math.PI * (day + phase)) / 120);

export function syntheticHistory(seed = 7, start = '2026-01-05'): History {
  const rnd = seededRandom(seed);
  const days = SYNTHETIC_DAYS;
  const skus: HistorySku[] = [];
  const series = (rate: (day: number) => number) =>
    Array.from({ length: days }, (_, day) => lumpyUnits(rnd, rate(day)));
  const value = () => rnd.int(300, 2500);

  for (let i = 0; i < 12; i++) {
    const base = 2 + rnd.next() * 10;
    const phase = rnd.int(0, 119);
    skus.push({
      sku: `SYN-CORE-${String(i + 1).padStart(2, '0')}`,
      demand: series((d) => base * weekly(d) * seasonal(d, phase)),
      unitValueMinor: value(),
      openingStock: Math.round(base * rnd.int(20, 45)),
      listedOnDay: -rnd.int(60, 400),
      casePack: 12,
      moq: 24,
    });
  }
  for (let i = 0; i < 10; i++) {
    const rate = 0.1 + rnd.next() * 0.4;
    skus.push({
      sku: `SYN-SLOW-${String(i + 1).padStart(2, '0')}`,
      demand: series(() => rate),
      unitValueMinor: value(),
      openingStock: rnd.int(3, 15),
      listedOnDay: -rnd.int(30, 300),
      casePack: 6,
      moq: 0,
    });
  }
  for (let i = 0; i < 6; i++) {
    const launch = rnd.int(20, 90);
    const rate = 0.3 + rnd.next() * 0.9;
    skus.push({
      sku: `SYN-TEST-${String(i + 1).padStart(2, '0')}`,
      demand: series((d) => (d < launch ? 0 : rate)),
      unitValueMinor: value(),
      openingStock: 20,
      listedOnDay: launch,
      casePack: 6,
      moq: 12,
    });
  }
  for (let i = 0; i < 3; i++) {
    const base = 1.5 + rnd.next() * 4;
    skus.push({
      sku: `SYN-SHORT-${i + 1}`,
      demand: series((d) => base * weekly(d)),
      unitValueMinor: value(),
      openingStock: Math.round(base * 3),
      listedOnDay: -rnd.int(60, 200),
      casePack: 12,
      moq: 24,
    });
  }
  // The hit: ~0.8 a day, then from VIRAL_DAY a ramp (3, 5, 8, 12, 17, 22, 25…) fading over 3 weeks.
  const ramp = [3, 5, 8, 12, 17, 22];
  skus.push({
    sku: VIRAL_SKU,
    demand: series((d) => {
      const since = d - VIRAL_DAY;
      if (since < 0) return 0.8;
      if (since < ramp.length) return ramp[since] as number;
      return Math.max(0.8, 25 * 0.93 ** (since - ramp.length));
    }),
    unitValueMinor: 450,
    openingStock: 40,
    listedOnDay: -90,
    casePack: 12,
    moq: 24,
  });
  return { name: `synthetic (seed ${seed})`, start, days, currency: 'USD', skus, viralSku: VIRAL_SKU };
}
