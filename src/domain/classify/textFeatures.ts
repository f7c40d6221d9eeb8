import { audiences, type Concept, lexicon } from './lexicon.ts';

/** Audiences, and prohibited kinds, which count in full wherever they stand: "… for adults" still is. */
const fullWeight = new Set<Concept>([
  ...audiences,
  'adult',
  'vape',
  'medical',
  'supplement_form',
  'baby_product',
  'maternity',
]);

/**
 * Turns product text into concept hits: which lexicon words it contains, where, and how strongly.
 * Built for speed: a catalog of a million rows goes through here, so matching is a few Map look-ups
 * per word rather than a regular expression per term.
 */

export type Field = 'title' | 'category' | 'description';

/** How much a word counts by where it was found: a title is the seller's strongest statement. */
export const fieldWeight: Record<Field, number> = { title: 3, category: 2, description: 1 };

export interface Hit {
  concept: Concept;
  term: string;
  field: Field;
  /** fieldWeight × the term's own weight (1, or 0.5 for a weak term written `~term`). */
  score: number;
}

interface Entry {
  concept: Concept;
  weight: number;
}

const CJK_RUN = /[\u3400-\u9fff]+/g;
const LATIN_WORD = /[a-z0-9]+/g;
const HAS_CJK = /[\u3400-\u9fff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const POSSESSIVE = /['’]s\b/g;

/** Letters that carry accents: Latin-1 Supplement and Latin Extended-A/B. */
const ACCENTED = /[\u00c0-\u024f]/;

/** Lower case, accents removed, possessives dropped: `Niños' Women’s` → `ninos women`. */
export function foldText(text: string): string {
  let s = text.toLowerCase();
  // Only text with accented letters pays for Unicode normalisation (Chinese text has none to remove).
  if (ACCENTED.test(s)) s = s.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
  return s.replace(POSSESSIVE, '');
}

const latinIndex = new Map<string, Entry[]>();
const cjkIndex = new Map<string, Entry[]>();
/** The longest term starting with a word (or a Chinese character): most words start none. */
const latinLongest = new Map<string, number>();
const cjkLongest = new Map<string, number>();
const longest = (index: Map<string, number>, first: string, n: number) =>
  index.set(first, Math.max(index.get(first) ?? 0, n));

function add(index: Map<string, Entry[]>, key: string, entry: Entry) {
  const list = index.get(key);
  if (!list) index.set(key, [entry]);
  else if (!list.some((e) => e.concept === entry.concept)) list.push(entry);
}

for (const [concept, terms] of Object.entries(lexicon) as [Concept, string[]][]) {
  for (const raw of terms) {
    const weak = raw.startsWith('~');
    const term = foldText(weak ? raw.slice(1) : raw).replace(/\s+/g, ' ');
    const entry = { concept, weight: weak ? 0.5 : 1 };
    if (HAS_CJK.test(term)) {
      add(cjkIndex, term, entry);
      longest(cjkLongest, term[0] as string, term.length);
      continue;
    }
    const words = term.match(LATIN_WORD) ?? [];
    if (words.length === 0) continue;
    longest(latinLongest, words[0] as string, words.length);
    const key = words.join(' ');
    add(latinIndex, key, entry);
    // Plurals of the last word (`phone case` → `phone cases`, `pantalon` → `pantalones`).
    const last = words[words.length - 1] as string;
    if (last.length > 2 && !/\d/.test(last)) {
      add(latinIndex, `${key}s`, entry);
      add(latinIndex, `${key}es`, entry);
    }
  }
}

/**
 * Words after "for", "para", "with" or "con" name what a product serves or comes with, not what it is:
 * "Organizador de cables para escritorio" is an organiser. Product kinds found there count half; the
 * audience ("para perro", "for women") and prohibited words keep their full weight.
 */
const PURPOSE_WORDS = new Set(['for', 'para', 'with', 'con', 'compatible', 'fits', 'w']);
const PURPOSE_WEIGHT = 0.5;

function push(hits: Hit[], entries: Entry[], term: string, field: Field, purpose = 1) {
  for (const e of entries) {
    const weight = fullWeight.has(e.concept) ? e.weight : e.weight * purpose;
    hits.push({ concept: e.concept, term, field, score: weight * fieldWeight[field] });
  }
}

/**
 * Finds lexicon terms in already folded text, longest match first: at each word the longest phrase
 * that is a term wins and its words are consumed, so `dog bowl` is one supply, not a dog and a bowl.
 */
export function findTerms(folded: string, field: Field, hits: Hit[]): void {
  const words = folded.match(LATIN_WORD);
  if (words) {
    let purpose = 1;
    for (let i = 0; i < words.length; ) {
      const word = words[i] as string;
      if (PURPOSE_WORDS.has(word)) purpose = PURPOSE_WEIGHT;
      // Grow the phrase word by word and keep the longest that is a term.
      const maxWords = Math.min(latinLongest.get(word) ?? 1, words.length - i);
      let key = word;
      let found = latinIndex.get(key);
      let foundKey = key;
      let foundWords = found ? 1 : 0;
      for (let n = 2; n <= maxWords; n++) {
        key = `${key} ${words[i + n - 1]}`;
        const entries = latinIndex.get(key);
        if (entries) {
          found = entries;
          foundKey = key;
          foundWords = n;
        }
      }
      if (found) push(hits, found, foundKey, field, purpose);
      i += foundWords || 1;
    }
  }
  if (!HAS_CJK.test(folded)) return;
  for (const run of folded.match(CJK_RUN) ?? []) {
    for (let i = 0; i < run.length; ) {
      const maxChars = Math.min(cjkLongest.get(run[i] as string) ?? 0, run.length - i);
      let matched = 0;
      for (let n = maxChars; n >= 1; n--) {
        const key = run.slice(i, i + n);
        const entries = cjkIndex.get(key);
        if (entries) {
          push(hits, entries, key, field);
          matched = n;
          break;
        }
      }
      i += matched || 1;
    }
  }
}
