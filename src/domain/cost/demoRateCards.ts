import type { RateCard } from './rateCard.ts';

/**
 * The demo seller's rate cards: illustrative figures from the public quotes in the reference
 * (§3), not contracted rates. A seller replaces them with their own (`puente rate-cards import`).
 */
export const demoRateCards: RateCard[] = [
  {
    code: 'CN-US-OCEAN',
    name: 'China → Dallas ocean (to the US warehouse)',
    route: 'us-warehouse',
    leg: 'linehaul',
    currency: 'USD',
    perParcelMinor: 0,
    perKgMinor: 120,
    feePerParcelMinor: 0,
    perEntryMinor: 0,
    unitsPerEntry: null,
    volumetricDivisor: null,
    transitDays: 30,
  },
  {
    code: 'TX-MX-COURIER',
    name: 'Texas → Mexico courier, simplified clearance',
    route: 'us-warehouse',
    leg: 'delivery',
    currency: 'USD',
    perParcelMinor: 600,
    perKgMinor: 250,
    feePerParcelMinor: 100,
    perEntryMinor: 0,
    unitsPerEntry: 200,
    volumetricDivisor: 5000,
    // USPS Priority Mail Express Int'l 3–5 business days [S59a]; border hub 5–10 [S59b].
    transitDays: 4,
  },
  {
    code: 'CN-MX-LINE',
    name: 'China → Mexico dedicated e-commerce line',
    route: 'china-direct',
    leg: 'delivery',
    currency: 'USD',
    perParcelMinor: 300,
    // Air USD 7.50–8.50/kg [S59i]; volumetric /6000, 8–12 days [S59c].
    perKgMinor: 850,
    feePerParcelMinor: 100,
    perEntryMinor: 0,
    unitsPerEntry: 200,
    volumetricDivisor: 6000,
    transitDays: 12,
  },
  {
    code: 'CN-MX-OCEAN',
    name: 'China → Manzanillo ocean, formal import',
    route: 'mx-local',
    leg: 'linehaul',
    currency: 'USD',
    perParcelMinor: 0,
    perKgMinor: 150,
    feePerParcelMinor: 0,
    // The customs broker per entry, over 500 units an entry.
    perEntryMinor: 60000,
    unitsPerEntry: 500,
    volumetricDivisor: null,
    transitDays: 25,
  },
  {
    code: 'MX-JT-LASTMILE',
    name: 'J&T Mexico last mile',
    route: 'mx-local',
    leg: 'delivery',
    currency: 'MXN',
    // Standard 3–5 business days from MXN 97 [S59g]; J&T / iMile for TikTok MX [S27].
    perParcelMinor: 9700,
    perKgMinor: 1000,
    feePerParcelMinor: 0,
    perEntryMinor: 0,
    unitsPerEntry: null,
    volumetricDivisor: null,
    transitDays: 4,
  },
];
