import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pilot } from '../../../test/support/policies.ts';
import { categoryRuleFor } from '../policy/policy.ts';
import { classifyProduct, REVIEW_BELOW } from './classifyProduct.ts';

/**
 * The classifier against product titles labelled by hand in English, Spanish and Chinese, hard cases
 * included. Labels were written apart from the classifier, by the program's lists and the
 * conventions stated in the fixtures' notes.
 */
interface Labelled {
  title: string;
  category?: string;
  description?: string;
  lang: 'en' | 'es' | 'zh';
  expected: string;
  alsoAccept?: string[];
  note?: string;
}

const readFixture = (name: string): Labelled[] =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8'));
const policy = pilot();

/** What the pilot makes of a classification: a listed id, `unlisted`, or `unknown` (review). */
function programCategory(t: Labelled): string {
  const c = classifyProduct(t);
  if (c.category === null || c.confidence < REVIEW_BELOW) return 'unknown';
  return categoryRuleFor(policy, c.category) ? c.category : 'unlisted';
}

const sellable = (id: string) => {
  const tier = categoryRuleFor(policy, id)?.tier;
  return tier === 'open' || tier === 'invitation';
};

/**
 * `labelled-titles.json` (460) is the set the lexicon was developed against. `labelled-titles-holdout.json`
 * (210) was written afterwards by someone who had not seen the classifier: its first run scored 92.4%
 * with 2 unsafe rows, which were then fixed; it is the better estimate of accuracy on new catalogs.
 */
describe.each([
  ['labelled-titles.json', 300],
  ['labelled-titles-holdout.json', 200],
])('classifier on %s', (name, minRows) => {
  const fixture = readFixture(name);
  const results = fixture.map((t) => ({ t, got: programCategory(t) }));
  const correct = (r: (typeof results)[number]) =>
    r.got === r.t.expected || (r.t.alsoAccept ?? []).includes(r.got);

  it('is accurate, and reports its figures', () => {
    const byLang = (['en', 'es', 'zh'] as const).map((lang) => {
      const rows = results.filter((r) => r.t.lang === lang);
      return `${lang} ${((100 * rows.filter(correct).length) / rows.length).toFixed(1)}% of ${rows.length}`;
    });
    const accuracy = results.filter(correct).length / results.length;
    const review = results.filter((r) => r.got === 'unknown' && r.t.expected !== 'unknown').length;
    const wrong = results.filter((r) => !correct(r) && r.got !== 'unknown');
    console.log(
      [
        `classifier accuracy on ${name}: ${(100 * accuracy).toFixed(1)}% of ${results.length} (${byLang.join(', ')})`,
        `  sent to review though labelled: ${review}; wrong category: ${wrong.length}`,
        ...wrong.map((r) => `  wrong: "${r.t.title}" → ${r.got}, expected ${r.t.expected}`),
      ].join('\n'),
    );
    expect(fixture.length).toBeGreaterThanOrEqual(minRows);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never calls a prohibited, excluded or unlisted product sellable', () => {
    const unsafe = results.filter(
      (r) => !sellable(r.t.expected) && r.t.expected !== 'unknown' && sellable(r.got),
    );
    expect(unsafe.map((r) => `${r.t.title} → ${r.got} (expected ${r.t.expected})`)).toEqual([]);
  });

  it('never calls a prohibited product anything but prohibited or unsure', () => {
    const prohibited = results.filter((r) => categoryRuleFor(policy, r.t.expected)?.tier === 'prohibited');
    const missed = prohibited.filter(
      (r) => r.got !== 'unknown' && categoryRuleFor(policy, r.got)?.tier !== 'prohibited',
    );
    expect(missed.map((r) => `${r.t.title} → ${r.got}`)).toEqual([]);
  });

  it('says "unsure" for titles that do not say what the product is', () => {
    const guessed = results.filter((r) => r.t.expected === 'unknown' && sellable(r.got));
    expect(guessed.map((r) => `${r.t.title} → ${r.got}`)).toEqual([]);
  });
});
