/**
 * P(X ≥ k) for X ~ Poisson(λ): how unlikely `k` or more sales are when the SKU sells λ on average.
 *
 * Written out rather than taken from a library: the exact sum is a dozen lines, whereas the
 * packages that have it (@stdlib's Poisson CDF, jStat) would add a dependency tree for one function,
 * and simple-statistics only tabulates the pmf until its cumulative sum reaches 1 − ε, which is
 * exactly the far tail we need. The sum runs on the side of the mode where terms shrink, so it
 * neither cancels nor underflows: above λ it adds the upper terms; at or below λ the tail is large and
 * it subtracts the (small) lower terms from 1.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k > lambda) {
    let term = Math.exp(logPmf(k, lambda));
    let sum = 0;
    for (let i = k; term > 0 && term > sum * 1e-17; ) {
      sum += term;
      i++;
      term *= lambda / i;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp(logPmf(k - 1, lambda));
  let lower = 0;
  for (let i = k - 1; i >= 0 && term > 0; i--) {
    lower += term;
    term *= i / lambda;
  }
  return Math.max(0, 1 - lower);
}

function logPmf(i: number, lambda: number): number {
  return -lambda + i * Math.log(lambda) - logFactorial(i);
}

const small: number[] = [0];
for (let i = 1; i < 256; i++) small[i] = (small[i - 1] as number) + Math.log(i);

/** ln(n!): exact sums below 256, Stirling's series above (error < 1e-12 there). */
function logFactorial(n: number): number {
  if (n < 256) return small[n] as number;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/**
 * P(X ≥ k) for a count with mean `mean` and variance `dispersion` × mean: the negative binomial
 * (Poisson when dispersion ≤ 1). Lumpy sales are over-dispersed; the negative binomial prices that
 * on the units themselves, where the quasi-Poisson shortcut (divide count and mean by the
 * dispersion, round the count down) throws away up to one scaled unit — 17 units at dispersion 2.16
 * were tested as 7, not 7.9 — and so came out several times more cautious than its nominal level.
 * Terms run up from P(0) by the ratio (r + i) / (i + 1) · q; the upper sum is taken directly when it
 * is small, so a far tail does not vanish in 1 − (almost 1).
 */
export function negativeBinomialUpperTail(k: number, mean: number, dispersion: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (dispersion <= 1) return poissonUpperTail(k, mean);
  const r = mean / (dispersion - 1);
  const q = 1 - 1 / dispersion;
  let term = Math.exp(-r * Math.log(dispersion));
  let lower = 0;
  let upper = 0;
  for (let i = 0; term > 0 || i < k; i++) {
    if (i < k) lower += term;
    else {
      upper += term;
      if (i > mean && term < upper * 1e-17) break;
    }
    term *= ((r + i) / (i + 1)) * q;
  }
  return upper < 0.5 ? upper : Math.max(0, 1 - lower);
}
