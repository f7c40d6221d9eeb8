/**
 * Reads the ages a product is meant for from its text, in English, Spanish and Chinese:
 * "0-6 months", "ages 8-12", "3+", "6岁以上", "0-6个月", "para niños de 4 años", "2T".
 * [P6]/[P7] turn on age: products for children under 3 are prohibited, toys and clothes for 3+ are
 * invitation-only. Ages are returned in years (months divided by 12).
 *
 * Input is folded text (lower case, no accents): see `foldText`.
 */

export interface AgeSpan {
  minYears: number;
  maxYears: number;
  /** The words it was read from, for the evidence shown to the user. */
  text: string;
  /** Toddler clothing sizes (2T, 4T) mean an age only on clothing. */
  clothingSize: boolean;
}

const SEP = String.raw`\s*(?:-|–|~|to|a|hasta|至|到)\s*`;
const MONTHS = '(?:months?|mos?|meses|mes|个月|月|m(?![a-z]))';
/** Month units that are never metres. */
const MONTHS_SPELLED = '(?:months?|mos?|meses|mes|个月|月)';
/** Single ages need the unit spelled out: a bare `2m` is more often a cable length, `12月` a month. */
const MONTHS_WORD = '(?:months?|meses|mes|个月)';
const YEARS = '(?:years?|yrs?|anos|ano|岁|歲)';
/** "4-10Y" is a size range on children's clothes; a lone "y" is Spanish for "and". */
const YEARS_IN_RANGE = '(?:years?|yrs?|y(?![a-z])|anos|ano|岁|歲)';
const PLUS = String.raw`(?:\+|and up|and older|or older|y mas|o mas|en adelante|以上|及以上)`;

interface Pattern {
  re: RegExp;
  span: (m: RegExpExecArray) => [number, number];
  clothingSize?: boolean;
}

const n = (s: string | undefined) => Number(s);
/** An age is a number on its own, not the tail of "UV400" or "2.5". */
const N = String.raw`(?<![\d.])`;
const OPEN_END = 18;

/** Ranges first: their text is blanked out so that "3-6 years" is not read again as "6 years". */
const patterns: Pattern[] = [
  {
    re: new RegExp(String.raw`${N}(\d{1,2})${SEP}(\d{1,2})\s*${MONTHS_SPELLED}`, 'g'),
    span: (m) => [n(m[1]) / 12, n(m[2]) / 12],
  },
  // "0-3M" is a baby clothing size, but "1-2m" on a cable is metres: a bare m counts on clothing only.
  {
    re: new RegExp(String.raw`${N}(\d{1,2})${SEP}(\d{1,2})\s*m(?![a-z])`, 'g'),
    span: (m) => [n(m[1]) / 12, n(m[2]) / 12],
    clothingSize: true,
  },
  {
    re: new RegExp(String.raw`${N}(\d{1,2})${SEP}(\d{1,2})\s*${YEARS_IN_RANGE}`, 'g'),
    span: (m) => [n(m[1]), n(m[2])],
  },
  {
    re: /\b(?:ages?|edad(?:es)?)\s*:?\s*(?:de\s*)?(\d{1,2})\s*(?:-|–|~|to|a)\s*(\d{1,2})/g,
    span: (m) => [n(m[1]), n(m[2])],
  },
  {
    re: /\b([1-6])\s*t\s*(?:-|–|~|to|a)\s*([1-6])\s*t\b/g,
    span: (m) => [n(m[1]), n(m[2])],
    clothingSize: true,
  },
  {
    re: new RegExp(String.raw`${N}(\d{1,2})\s*${MONTHS}\s*${PLUS}`, 'g'),
    span: (m) => [n(m[1]) / 12, OPEN_END],
  },
  { re: new RegExp(String.raw`${N}(\d{1,2})\s*${YEARS}\s*${PLUS}`, 'g'), span: (m) => [n(m[1]), OPEN_END] },
  {
    re: new RegExp(String.raw`\b(?:ages?|edad(?:es)?)\s*:?\s*(\d{1,2})\s*${PLUS}`, 'g'),
    span: (m) => [n(m[1]), OPEN_END],
  },
  { re: new RegExp(String.raw`${N}(\d{1,2})\s*${PLUS}\s*${YEARS}`, 'g'), span: (m) => [n(m[1]), OPEN_END] },
  {
    re: new RegExp(String.raw`${N}(\d{1,2})\s*${PLUS}\s*${MONTHS}`, 'g'),
    span: (m) => [n(m[1]) / 12, OPEN_END],
  },
  {
    re: new RegExp(String.raw`${N}(\d{1,2})\s*${MONTHS_WORD}(?:\s*old)?`, 'g'),
    span: (m) => [n(m[1]) / 12, n(m[1]) / 12],
  },
  { re: new RegExp(String.raw`${N}(\d{1,2})\s*${YEARS}(?:\s*old)?`, 'g'), span: (m) => [n(m[1]), n(m[1])] },
  { re: /\b([1-6])\s*t\b/g, span: (m) => [n(m[1]), n(m[1])], clothingSize: true },
];

/** "3+" with no unit is an age only on a toy or a child's product; see `bareAgePlus`. */
const BARE_PLUS = /(?:^|[^\d.])(\d{1,2})\s*\+(?!\d)/;
/** "2 years warranty", "2 años de garantía", "garantía de 2 años", "保修2年": a warranty, not an age. */
const WARRANTY_AFTER = /^\s*(?:de\s+)?(?:warranty|guarantee|garantia|保修|质保)/;
const WARRANTY_BEFORE = /(?:warranty|guarantee|garantia|保修|质保)\s*(?:de|of|:)?\s*$/;

/** Cheap test first: most titles have numbers (100W, 2m) but no age words. */
const MAY_HAVE_AGE = /month|mes|mos\b|year|yrs?\b|ano|岁|歲|月|age|edad|\d\s*[tmy]\b|\d\s*\+/;

export function readAges(folded: string): AgeSpan[] {
  if (!MAY_HAVE_AGE.test(folded)) return [];
  const spans: AgeSpan[] = [];
  let rest = folded;
  for (const p of patterns) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(rest); m; m = p.re.exec(rest)) {
      const after = rest.slice(m.index + m[0].length, m.index + m[0].length + 16);
      const before = rest.slice(Math.max(0, m.index - 16), m.index);
      if (WARRANTY_AFTER.test(after) || WARRANTY_BEFORE.test(before)) continue;
      const [minYears, maxYears] = p.span(m);
      if (maxYears < minYears || minYears > OPEN_END) continue;
      spans.push({ minYears, maxYears, text: m[0].trim(), clothingSize: p.clothingSize === true });
    }
    rest = rest.replace(p.re, (s) => ' '.repeat(s.length));
  }
  return spans;
}

/** Reads a bare "3+" (no unit), which only a toy or a child's product makes an age. */
export function bareAgePlus(folded: string): AgeSpan | undefined {
  const m = BARE_PLUS.exec(folded);
  if (!m) return undefined;
  const age = Number(m[1]);
  if (age > 14) return undefined;
  return { minYears: age, maxYears: OPEN_END, text: `${age}+`, clothingSize: false };
}
