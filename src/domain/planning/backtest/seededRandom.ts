/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same history on every
 * machine, so a backtest can be rerun and its figures compared.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A Poisson count with mean `lambda` (Knuth's method; a rounded normal above 50). */
  poisson(lambda: number): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const poisson = (lambda: number): number => {
    if (lambda <= 0) return 0;
    if (lambda > 50) {
      // Box–Muller: the normal approximation is close enough for a count this large.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = next(); p > limit; p *= next()) k++;
    return k;
  };
  return { next, poisson, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
