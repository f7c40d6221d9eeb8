import { describe, expect, it } from 'vitest';
import { negativeBinomialUpperTail, poissonUpperTail } from './poissonTail.ts';

/** P(X ≥ k) by the plain definition, for small λ and k where it is exact in doubles. */
function direct(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return 1 - below;
}

describe('poissonUpperTail', () => {
  it('matches the textbook values', () => {
    // 3 or more sales on a day a SKU sells 1 on average: 8% of days.
    expect(poissonUpperTail(3, 1)).toBeCloseTo(0.0803013970713942, 14);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it('agrees with the direct sum on both sides of λ', () => {
    for (const lambda of [0.1, 0.8, 2.4, 7, 20])
      for (const k of [1, 2, 5, 10, 25])
        expect(poissonUpperTail(k, lambda)).toBeCloseTo(direct(k, lambda), 12);
  });

  it('keeps far tails that 1 − CDF would round to zero', () => {
    // P(X ≥ 30 | λ = 2) ≈ e^-2 2^30 / 30! (the first term dominates): about 5.5e-24.
    const first = (Math.exp(-2) * 2 ** 30) / 2.65252859812191e32;
    expect(poissonUpperTail(30, 2) / first).toBeGreaterThan(1);
    expect(poissonUpperTail(30, 2) / first).toBeLessThan(1.07);
    expect(direct(30, 2)).toBe(0);
  });

  it('stays finite for large counts (Stirling past 255)', () => {
    expect(poissonUpperTail(300, 300)).toBeGreaterThan(0.45);
    expect(poissonUpperTail(300, 300)).toBeLessThan(0.55);
    expect(poissonUpperTail(400, 300)).toBeLessThan(1e-7);
  });
});

describe('negativeBinomialUpperTail', () => {
  it('is the geometric tail at mean 1 and dispersion 2: P(X ≥ k) = 2^-k', () => {
    // r = 1, q = 1/2: P(X = i) = 2^-(i+1).
    expect(negativeBinomialUpperTail(3, 1, 2)).toBeCloseTo(0.125, 12);
    expect(negativeBinomialUpperTail(60, 1, 2) / 2 ** -60).toBeCloseTo(1, 9);
  });

  it('is the Poisson tail when the counts are not over-dispersed', () => {
    expect(negativeBinomialUpperTail(7, 1.5, 1)).toBe(poissonUpperTail(7, 1.5));
  });

  it('prices lumps: heavier than Poisson for the same mean', () => {
    expect(negativeBinomialUpperTail(17, 3.32, 2.16)).toBeGreaterThan(poissonUpperTail(17, 3.32));
    expect(negativeBinomialUpperTail(17, 3.32, 2.16)).toBeLessThan(1e-3);
  });
});
