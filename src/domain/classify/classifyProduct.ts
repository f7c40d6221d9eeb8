import { type AgeSpan, bareAgePlus, readAges } from './ageRange.ts';
import { type Concept, type Kind, kinds } from './lexicon.ts';
import { type Field, findTerms, foldText, type Hit } from './textFeatures.ts';

/**
 * Classifies a product, from its title, the seller's own category text and its description, into a
 * category id. The ids of the program's lists come first ([P5]–[P7]); things the lists do not name
 * get an id of their own (`accessories.jewelry`, `shoes`…) so that a policy that opens them later
 * needs no code change: the policy, not this file, decides what an id may do.
 *
 * It is built for a compliance person: prohibited words are looked for first and always, whatever
 * the seller's category says; when the evidence is thin or points two ways it says so (`doubt`)
 * instead of guessing.
 */

export interface ProductText {
  title: string;
  category?: string | undefined;
  description?: string | undefined;
}

export interface Classification {
  /** The category id, or null when nothing in the text says what the product is. */
  category: string | null;
  /** 0–1: how well the text supports `category`. Below `REVIEW_BELOW` a person should confirm. */
  confidence: number;
  /** What the decision rests on: `title: vape`, `age: 0-6 months`. */
  evidence: string[];
  /** Why a person should look, when confidence is below `REVIEW_BELOW`. */
  doubt?: Doubt;
}

/** Why a reading is uncertain, as a code and figures; src/i18n/ words it in the user's language. */
export type Doubt =
  | { code: 'no_product_words' }
  | { code: 'child_product_of_unknown_kind' }
  | { code: 'pet_product_of_unknown_kind' }
  | { code: 'thin_evidence' }
  | { code: 'two_readings'; first: string; second: string }
  | { code: 'weak_prohibited_word'; term: string; field: Field; category: string }
  | { code: 'supplement_or_container' };

export const REVIEW_BELOW = 0.6;

/** Kinds whose category id does not depend on the audience. */
const directIds: Partial<Record<Kind, string>> = {
  bag: 'accessories.bags',
  eyewear: 'accessories.eyewear',
  watch: 'accessories.watches',
  smartwatch: 'electronics',
  electronics: 'electronics',
  household: 'home.household',
  beauty: 'beauty.personal_care',
  pet_supply: 'pets.supplies',
  pet_food: 'pets.food_health',
  pet_health: 'pets.food_health',
  jewelry: 'accessories.jewelry',
  shoes: 'shoes',
  food: 'food',
  furniture: 'furniture',
  sports_equipment: 'sports.equipment',
  automotive: 'automotive',
  books: 'books',
  tools: 'tools',
  garden: 'garden',
  music: 'music.instruments',
  office: 'office.supplies',
  weapon: 'weapons',
};

/**
 * How strict a reading is: on a tie between two readings the stricter one wins, so that doubt never
 * makes an item look more sellable than it is. Open program ids rank lowest, then invitation-only,
 * then things outside the lists, then excluded and prohibited ones.
 */
const PROHIBITED = 5;
const strictness = new Map<string, number>([
  ...['adult', 'vape', 'medical.devices', 'health.supplements', 'baby.under3'].map(
    (id) => [id, PROHIBITED] as const,
  ),
  ['pets.food_health', 4],
  ...['beauty.personal_care', 'toys.age3plus', 'kids.apparel'].map((id) => [id, 2] as const),
  ...[
    'apparel.menswear',
    'apparel.womenswear',
    'apparel.sportswear',
    'accessories.bags',
    'accessories.eyewear',
    'accessories.watches',
    'home.household',
    'pets.toys',
    'pets.apparel',
    'pets.supplies',
    'electronics',
  ].map((id) => [id, 1] as const),
]);
const UNLISTED_STRICTNESS = 3;
const strictnessOf = (id: string) => strictness.get(id) ?? UNLISTED_STRICTNESS;

/** A confidence by the best place a reading was found: a title says more than a description. */
const confidenceByField: Record<Field, number> = { title: 0.9, category: 0.55, description: 0.45 };

class Evidence {
  readonly score = new Map<Concept, number>();
  readonly best = new Map<Concept, Hit>();

  constructor(readonly hits: Hit[]) {
    for (const h of hits) {
      this.score.set(h.concept, (this.score.get(h.concept) ?? 0) + h.score);
      const best = this.best.get(h.concept);
      if (!best || h.score > best.score) this.best.set(h.concept, h);
    }
  }

  of(c: Concept): number {
    return this.score.get(c) ?? 0;
  }

  /** Found in the title or the seller's category, or more than once in the description. */
  strong(c: Concept): boolean {
    return this.of(c) >= 2;
  }

  /** The words found for these concepts, each once: `title: vape`. */
  words(...concepts: Concept[]): string[] {
    const words: string[] = [];
    for (const h of this.hits) {
      const word = `${h.field}: ${h.term}`;
      if (concepts.includes(h.concept) && !words.includes(word)) words.push(word);
    }
    return words;
  }

  /** Confidence from the best field that mentioned any of the concepts; agreeing fields add a little. */
  confidence(...concepts: Concept[]): number {
    const fields = new Set(this.hits.filter((h) => concepts.includes(h.concept)).map((h) => h.field));
    let best = 0;
    for (const f of fields) best = Math.max(best, confidenceByField[f]);
    return Math.min(0.98, best + 0.05 * (fields.size - 1));
  }
}

const prohibitedKinds: [Kind, string][] = [
  ['adult', 'adult'],
  ['vape', 'vape'],
  ['medical', 'medical.devices'],
  ['supplement_form', 'health.supplements'],
  ['maternity', 'baby.under3'],
  ['baby_product', 'baby.under3'],
];
/** On a pet these are pet food, health or supplies, not the human prohibited category. */
const petMeanings = new Set<Kind>(['supplement_form', 'medical', 'baby_product']);

/** Kinds that hold or serve a supplement: a shaker bottle or a pill box is not the supplement. */
const containerKinds: Kind[] = ['household', 'bag', 'electronics'];

export function classifyProduct(text: ProductText): Classification {
  const hits: Hit[] = [];
  const title = foldText(text.title);
  findTerms(title, 'title', hits);
  const category = text.category ? foldText(text.category) : '';
  if (category) findTerms(category, 'category', hits);
  const description = text.description ? foldText(text.description) : '';
  if (description) findTerms(description, 'description', hits);
  const e = new Evidence(resolveAmbiguousTerms(hits));
  const ages = readAges(`${title} | ${category} | ${description}`);
  return decide(e, ages, `${title} | ${category}`);
}

/** Beauty words for what goes on the skin or hair: "vitamin C serum" is one, "collagen for nails" is not. */
const TOPICAL = new Set(
  [
    'serum',
    'cream',
    'face cream',
    'lotion',
    'moisturizer',
    'cleanser',
    'face wash',
    'toner',
    'sunscreen',
    'face mask',
    'sheet mask',
    'shampoo',
    'conditioner',
    'hair mask',
    'hair oil',
    'body wash',
    'soap',
    'suero',
    'crema',
    'crema facial',
    'locion',
    'limpiador',
    'protector solar',
    'mascarilla',
    'champu',
    'acondicionador',
    'jabon',
    '精华',
    '精华液',
    '面霜',
    '乳液',
    '洁面',
    '洗面奶',
    '爽肤水',
    '防晒',
    '防晒霜',
    '面膜',
    '洗发水',
    '护发素',
    '发膜',
    '沐浴露',
    '香皂',
  ].flatMap((t) => [t, `${t}s`]),
);

const petOnly = new Set<Concept>(['pet_supply', 'pet_food', 'pet_health']);

/** Words that mean two things depending on their neighbours, settled before the decision. */
function resolveAmbiguousTerms(hits: Hit[]): Hit[] {
  let pet = false;
  let topical = false;
  let household = false;
  for (const h of hits) {
    if (h.concept === 'pet') pet = true;
    else if (h.concept === 'household' || h.concept === 'medical') household = true;
    else if (h.concept === 'beauty' && h.field !== 'category' && TOPICAL.has(h.term)) topical = true;
  }
  const out: Hit[] = [];
  for (const h of hits) {
    // A word with a pet meaning and another one ("collar", "零食") takes the pet meaning only near a pet.
    if (!pet && petOnly.has(h.concept) && hasOtherMeaning(hits, h)) continue;
    // A "vaporizer" next to a humidifier or a nebulizer is not a vape.
    if (h.concept === 'vaporizer') {
      if (!household) out.push({ ...h, concept: 'vape' });
      continue;
    }
    // "Vitamin C serum" is skincare; "vitamin C gummies" and "collagen drink" are supplements.
    // The seller's category ("Belleza") does not make collagen powder a cosmetic.
    if (h.concept === 'supplement_ingredient') {
      if (!topical) out.push({ ...h, concept: 'supplement_form' });
      continue;
    }
    out.push(h);
  }
  return out;
}

function hasOtherMeaning(hits: Hit[], h: Hit): boolean {
  for (const o of hits) if (o.term === h.term && o.concept !== h.concept) return true;
  return false;
}

function decide(e: Evidence, ages: AgeSpan[], titleAndCategory: string): Classification {
  // 1. Prohibited [P7]: looked for first, in every field, whatever the seller's category says.
  const isPet = isPetProduct(e);
  const prohibited = prohibitedKinds
    .filter(([k]) => e.of(k) > 0)
    .filter(([k]) => !(isPet && petMeanings.has(k)))
    .sort((a, b) => e.of(b[0]) - e.of(a[0]));
  const first = prohibited[0];
  if (first && e.strong(first[0])) {
    const container = Math.max(...containerKinds.map((k) => e.of(k)));
    const supplement = first[0] === 'supplement_form';
    if (!supplement || e.of(first[0]) > container) {
      return { category: first[1], confidence: e.confidence(first[0]), evidence: e.words(first[0]) };
    }
    if (e.of(first[0]) === container) {
      return {
        ...decideAllowedSide(e, ages, titleAndCategory),
        confidence: 0.5,
        doubt: { code: 'supplement_or_container' },
      };
    }
  }
  // A prohibited word only in the description: not proof, but never ignored.
  const weak = first && !e.strong(first[0]) ? e.best.get(first[0]) : undefined;
  const doubt: Doubt | undefined =
    weak && first
      ? { code: 'weak_prohibited_word', term: weak.term, field: weak.field, category: first[1] }
      : undefined;
  const result = decideAllowedSide(e, ages, titleAndCategory);
  if (!doubt || strictnessOf(result.category ?? '') === PROHIBITED) return result;
  return {
    category: first?.[1] ?? result.category,
    confidence: Math.min(result.confidence, 0.5),
    evidence: [...e.words(first?.[0] ?? 'neutral'), ...result.evidence],
    doubt,
  };
}

function decideAllowedSide(e: Evidence, ages: AgeSpan[], titleAndCategory: string): Classification {
  const isClothing = e.of('clothing') > 0 || e.of('sportswear') > 0;
  const explicit = ages.filter((a) => !a.clothingSize || isClothing);
  const isToyish = e.of('toy') > 0 || e.strong('kids') || e.strong('baby');
  const bare = explicit.length === 0 && isToyish ? bareAgePlus(titleAndCategory) : undefined;
  if (bare) explicit.push(bare);
  const ageWords = explicit.map((a) => `age: ${a.text}`);
  const youngest = explicit.length ? Math.min(...explicit.map((a) => a.minYears)) : undefined;

  // 2. Pets [P5]: toys, apparel and supplies are open; food and health products are excluded.
  if (isPetProduct(e)) return decidePet(e);

  // 3. Products for children under 3 [P7], by the ages stated or by the words for babies.
  if (youngest !== undefined && youngest < 3) {
    return { category: 'baby.under3', confidence: 0.9, evidence: [...ageWords, ...e.words('baby', 'kids')] };
  }
  if (youngest === undefined && e.strong('baby')) {
    return { category: 'baby.under3', confidence: e.confidence('baby'), evidence: e.words('baby') };
  }

  // 4. Children 3+ [P6]: toys and clothes need an invitation.
  const forChildren = e.strong('kids') || (youngest !== undefined && youngest >= 3);
  // A toy for a child is a toy, even when it is a toy phone or a toy drone.
  const ranked = strongestKind(e);
  const toyForChild = forChildren && ranked && e.of('toy') >= 0.75 * e.of(ranked.kind);
  const kind: StrongestKind | undefined = toyForChild ? { kind: 'toy' } : ranked;
  if (!kind) {
    return {
      category: null,
      confidence: 0,
      evidence: [...ageWords, ...e.words('kids', 'men', 'women', 'sport')],
      doubt: { code: forChildren ? 'child_product_of_unknown_kind' : 'no_product_words' },
    };
  }
  const id = idForKind(kind.kind, e, forChildren);
  const evidence = [...e.words(kind.kind), ...ageWords, ...e.words('kids', 'men', 'women', 'sport')];
  let confidence = e.confidence(kind.kind);
  let why: Doubt | undefined;
  if (kind.rival && strictnessOf(kind.rival.id) !== strictnessOf(id)) {
    confidence = Math.min(confidence, 0.5);
    why = { code: 'two_readings', first: id, second: kind.rival.id };
  } else if (confidence < REVIEW_BELOW) {
    why = { code: 'thin_evidence' };
  }
  return why ? { category: id, confidence, evidence, doubt: why } : { category: id, confidence, evidence };
}

/**
 * A pet product is one a pet uses or wears. "Cute cat phone stand" is a phone stand and
 * "women's tee with cat print" is a tee: a pet word beside a human product is a motif.
 */
function isPetProduct(e: Evidence): boolean {
  if (!e.strong('pet')) return false;
  const petKinds: Kind[] = ['pet_supply', 'pet_food', 'pet_health', 'toy'];
  if (petKinds.some((k) => e.of(k) > 0)) return true;
  // "Women's tee with cat print" is a tee; "female dog diapers" are still for the dog.
  const worn = e.of('clothing') > 0 || e.of('sportswear') > 0;
  if (worn && (e.strong('men') || e.strong('women') || e.strong('kids'))) return false;
  const humanKinds: Kind[] = ['electronics', 'jewelry', 'eyewear', 'watch', 'smartwatch', 'shoes'];
  return !humanKinds.some((k) => e.strong(k));
}

function decidePet(e: Evidence): Classification {
  const foodOrHealth = e.of('pet_food') + e.of('pet_health') + e.of('supplement_form') + e.of('medical');
  const evidencePet = e.words('pet');
  const pick = (id: string, ...by: Concept[]): Classification => ({
    category: id,
    confidence: Math.max(e.confidence('pet'), e.confidence(...by)) - (by.length ? 0 : 0.4),
    evidence: [...evidencePet, ...e.words(...by)],
  });
  if (foodOrHealth > 0 && foodOrHealth >= e.of('toy')) {
    return pick('pets.food_health', 'pet_food', 'pet_health', 'supplement_form', 'medical');
  }
  if (e.of('toy') > 0) return pick('pets.toys', 'toy');
  const wear = e.of('clothing') + e.of('sportswear');
  if (wear > 0 && wear > e.of('pet_supply')) return pick('pets.apparel', 'clothing', 'sportswear');
  const supplyWords: Kind[] = [
    'pet_supply',
    'household',
    'bag',
    'beauty',
    'baby_product',
    'electronics',
    'furniture',
    'jewelry',
    'eyewear',
  ];
  if (supplyWords.some((k) => e.of(k) > 0)) return pick('pets.supplies', ...supplyWords);
  // A pet product of no known kind may be food: the excluded group must not slip through as "supplies".
  return { ...pick('pets.supplies'), doubt: { code: 'pet_product_of_unknown_kind' } };
}

/** The kinds ranked against each other by score, in lexicon order (ties go to the first). */
const kindOrder: readonly Kind[] = kinds.slice(0, kinds.indexOf('adult'));

/** Sportswear is clothing; a watch next to a smartwatch word is the smartwatch. */
function sameThing(a: Kind, b: Kind): boolean {
  return (
    (a === 'clothing' && b === 'sportswear') ||
    (a === 'sportswear' && b === 'clothing') ||
    (a === 'smartwatch' && (b === 'watch' || b === 'electronics')) ||
    ((a === 'watch' || a === 'electronics') && b === 'smartwatch')
  );
}

interface StrongestKind {
  kind: Kind;
  rival?: { kind: Kind; id: string };
}

/** The kind with the highest score; a close runner-up (≥ 75%) of another kind is kept as a rival. */
function strongestKind(e: Evidence): StrongestKind | undefined {
  const ranked = kindOrder
    .filter((k) => e.of(k) > 0)
    .map((k) => ({ k, s: e.of(k) }))
    .sort(
      (a, b) => b.s - a.s || strictnessOf(idForKind(b.k, e, false)) - strictnessOf(idForKind(a.k, e, false)),
    );
  const [top, second] = ranked;
  if (!top) return undefined;
  if (second && second.s >= 0.75 * top.s && !sameThing(top.k, second.k)) {
    return { kind: top.k, rival: { kind: second.k, id: idForKind(second.k, e, false) } };
  }
  return { kind: top.k };
}

function idForKind(kind: Kind, e: Evidence, forChildren: boolean): string {
  if (kind === 'toy') return 'toys.age3plus'; // a toy with no stated age is treated as 3+ [P6]
  if (kind === 'clothing' || kind === 'sportswear') {
    if (forChildren) return 'kids.apparel';
    if (kind === 'sportswear' || e.of('sportswear') > 0 || e.strong('sport')) return 'apparel.sportswear';
    return e.of('women') > e.of('men') ? 'apparel.womenswear' : 'apparel.menswear';
  }
  return directIds[kind] ?? 'unlisted';
}
