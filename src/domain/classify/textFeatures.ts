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
  /** An audience or a prohibited kind: counts in full after "for" too (see `fullWeight`). */
  full: boolean;
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

/**
 * The lexicon as two tries, one keyed by word (Latin text) and one by character (Chinese text): at
 * each word the walk follows the text for as long as some term continues, and the last node that
 * ends a term is the longest match. No phrase is built or hashed as a string on the way.
 */
interface TermNode {
  /** The concepts of the term that ends here, if one does. */
  entries: Entry[] | undefined;
  /** That term, as the text folds it (`dog bowl`, `猫砂盆`): a hit's `term`. */
  term: string;
  next: Map<string, TermNode> | undefined;
}

const latinTrie = new Map<string, TermNode>();
const cjkTrie = new Map<string, TermNode>();

function add(trie: Map<string, TermNode>, parts: readonly string[], term: string, entry: Entry) {
  let level = trie;
  let node: TermNode | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    node = level.get(part);
    if (!node) {
      node = { entries: undefined, term: '', next: undefined };
      level.set(part, node);
    }
    if (i < parts.length - 1) {
      if (!node.next) node.next = new Map();
      level = node.next;
    }
  }
  if (!node) return;
  node.term = term;
  if (!node.entries) node.entries = [entry];
  else if (!node.entries.some((e) => e.concept === entry.concept)) node.entries.push(entry);
}

for (const [concept, terms] of Object.entries(lexicon) as [Concept, string[]][]) {
  for (const raw of terms) {
    const weak = raw.startsWith('~');
    const term = foldText(weak ? raw.slice(1) : raw).replace(/\s+/g, ' ');
    const entry = { concept, weight: weak ? 0.5 : 1, full: fullWeight.has(concept) };
    if (HAS_CJK.test(term)) {
      add(cjkTrie, [...term], term, entry);
      continue;
    }
    const words = term.match(LATIN_WORD) ?? [];
    if (words.length === 0) continue;
    add(latinTrie, words, words.join(' '), entry);
    // Plurals of the last word (`phone case` → `phone cases`, `pantalon` → `pantalones`).
    const last = words[words.length - 1] as string;
    if (last.length > 2 && !/\d/.test(last)) {
      for (const ending of ['s', 'es']) {
        const plural = [...words.slice(0, -1), `${last}${ending}`];
        add(latinTrie, plural, plural.join(' '), entry);
      }
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

function push(hits: Hit[], entries: Entry[], term: string, field: Field, purpose: number) {
  for (const e of entries) {
    const weight = e.full ? e.weight : e.weight * purpose;
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
      // Follow the phrase word by word and keep the longest that is a term.
      let node = latinTrie.get(word);
      let found: TermNode | undefined;
      let foundWords = 0;
      for (let n = 1; node; n++) {
        if (node.entries) {
          found = node;
          foundWords = n;
        }
        const next = i + n < words.length ? node.next : undefined;
        node = next?.get(words[i + n] as string);
      }
      if (found) push(hits, found.entries as Entry[], found.term, field, purpose);
      i += foundWords || 1;
    }
  }
  if (!HAS_CJK.test(folded)) return;
  for (const run of folded.match(CJK_RUN) ?? []) {
    for (let i = 0; i < run.length; ) {
      let node = cjkTrie.get(run[i] as string);
      let found: TermNode | undefined;
      let matched = 0;
      for (let n = 1; node; n++) {
        if (node.entries) {
          found = node;
          matched = n;
        }
        const next = i + n < run.length ? node.next : undefined;
        node = next?.get(run[i + n] as string);
      }
      if (found) push(hits, found.entries as Entry[], found.term, field, 1);
      i += matched || 1;
    }
  }
}
