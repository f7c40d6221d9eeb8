import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fitDefaults from '../../config/fit.json' with { type: 'json' };
import { pilot } from '../../test/support/policies.ts';
import { labels as reportLabels } from '../channels/spreadsheet/renderTable.ts';
import { readHeader } from '../domain/catalog/catalogColumns.ts';
import { fitConfigSchema } from '../domain/fit/assessFit.ts';
import { CatalogChecker } from '../services/checkCatalog.ts';
import { namedClassifierIds } from './categoryNames.ts';
import { digestTables } from './digestTexts.ts';
import { fieldLabels } from './inputProblems.ts';
import { type Lang, messageTables } from './messages.ts';
import { noticeTables } from './notices.ts';
import { notifyTables } from './notifyTexts.ts';
import { planningTables } from './planningTexts.ts';
import { readinessTables } from './readinessTexts.ts';
import { refusalTables } from './refusals.ts';
import { columnHeaders, eligibilityNames, reasonNames, summaryLabels } from './reportLabels.ts';
import { tiktokTables } from './tiktokTexts.ts';

/**
 * One term per concept (glossary.json), and every text a person reads follows it: the dashboard's
 * three locale files, the command line's and the server's messages, the policy's words and the
 * program facts. A new text that has no translation, copies the English, or uses a variant the
 * glossary avoids fails here.
 */

interface Term {
  id: string;
  en: string;
  zh: string;
  es: string;
  keys?: string[];
  avoid?: Partial<Record<Lang, string[]>>;
}
const glossary = JSON.parse(readFileSync(new URL('./glossary.json', import.meta.url), 'utf8')) as {
  brandWords: string[];
  terms: Term[];
};

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[prefix + key, value]] : flatten(value, `${prefix}${key}.`),
  );
const webFile = { en: 'en', zh: 'zh-CN', es: 'es-MX' } as const;
const web = Object.fromEntries(
  (Object.keys(webFile) as Lang[]).map((lang) => [
    lang,
    new Map(
      flatten(
        JSON.parse(
          readFileSync(new URL(`../../web/src/i18n/${webFile[lang]}.json`, import.meta.url), 'utf8'),
        ),
      ),
    ),
  ]),
) as Record<Lang, Map<string, string>>;

/**
 * Parameters that answer any name with a placeholder, so every message can be rendered as a
 * template; as a plain string argument (`(term) => …`) it reads `{value}`.
 */
const anyParams = new Proxy({} as Record<string, string>, {
  get: (_, key) =>
    key === Symbol.toPrimitive ? () => '{value}' : typeof key === 'string' ? `{${key}}` : undefined,
  has: () => true,
});

/** Every `{en, zh, es}` entry in a table of words, rendered in each language, with where it sits. */
function entriesOf(table: unknown, path: string): { path: string; text: Record<Lang, string> }[] {
  if (table === null || typeof table !== 'object') return [];
  const t = table as Record<string, unknown>;
  if ('en' in t && 'zh' in t && 'es' in t) {
    const render = (v: unknown) => (typeof v === 'function' ? String(v(anyParams)) : String(v ?? ''));
    return [{ path, text: { en: render(t.en), zh: render(t.zh), es: render(t.es) } }];
  }
  return Object.entries(t).flatMap(([key, value]) => entriesOf(value, `${path}.${key}`));
}

/** A table written language first (`{en: {verdict: …}, zh: …}`), turned into one entry per word. */
function byLanguage(table: Record<Lang, Record<string, unknown>>, path: string) {
  return Object.keys(table.en).flatMap((key) =>
    entriesOf({ en: table.en[key], zh: table.zh[key], es: table.es[key] }, `${path}.${key}`),
  );
}

const policy = pilot();
const facts = JSON.parse(readFileSync(new URL('../../policies/program-facts.json', import.meta.url), 'utf8'))
  .facts as Record<string, Record<Lang, string>>;

/** The server's and the command line's words, and the policy's: every one exists in all three languages. */
const serverTexts = [
  ...entriesOf(messageTables, 'messages'),
  ...entriesOf(refusalTables, 'refusals'),
  ...entriesOf(noticeTables, 'notices'),
  ...entriesOf(tiktokTables, 'tiktokTexts'),
  ...entriesOf(digestTables, 'digestTexts'),
  ...entriesOf(notifyTables, 'notifyTexts'),
  ...entriesOf(planningTables, 'planningTexts'),
  ...entriesOf(readinessTables, 'readinessTexts'),
  ...entriesOf({ reasonNames, eligibilityNames }, 'reportLabels'),
  ...byLanguage(columnHeaders, 'reportLabels.columnHeaders'),
  ...byLanguage(summaryLabels, 'reportLabels.summaryLabels'),
  ...entriesOf(policy, 'policy'),
  ...entriesOf(facts, 'facts'),
  {
    path: 'renderTable.labels',
    text: {
      en: Object.values(reportLabels.en).join(' / '),
      zh: Object.values(reportLabels.zh).join(' / '),
      es: Object.values(reportLabels.es).join(' / '),
    },
  },
];

/** What is left of a text once placeholders, brand words and figures are gone: words to translate. */
function words(text: string): string {
  let rest = text.replace(/\{\{?[a-zA-Z_]+\}?\}/g, ' ');
  for (const brand of glossary.brandWords) rest = rest.replaceAll(brand, ' ');
  rest = rest.replace(/--[a-z-]+|puente [a-z -]+|[A-Z][a-z]+\/[A-Za-z_]+/g, ' ');
  // Single letters are units ("3 d"), not words.
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).join(' ');
}

/** Dashboard keys Spanish writes as English does: "No", "Total", "Info", "Hong Kong", "CST". */
const sameInSpanish = new Set([
  'common.no',
  'orders.total',
  'severity.info',
  'eligibility.regions.HK',
  'reportLabels.summaryLabels.total',
]);

function usesVariant(text: string, variant: string, lang: Lang): boolean {
  if (lang === 'zh') return text.includes(variant);
  const escaped = variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, 'iu').test(text);
}

describe('the glossary', () => {
  it('has one entry per concept, each in the three languages', () => {
    const ids = glossary.terms.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const term of glossary.terms)
      for (const lang of ['en', 'zh', 'es'] as const)
        expect(term[lang].trim(), `${term.id} ${lang}`).not.toBe('');
  });

  it('is the word the dashboard uses where the concept is named', () => {
    const off: string[] = [];
    for (const term of glossary.terms)
      for (const key of term.keys ?? [])
        for (const lang of ['en', 'zh', 'es'] as const) {
          const text = web[lang].get(key);
          if (!text?.toLowerCase().includes(term[lang].toLowerCase()))
            off.push(
              `${webFile[lang]} ${key} = ${JSON.stringify(text)}: should say "${term[lang]}" (${term.id})`,
            );
        }
    expect(off).toEqual([]);
  });

  it('has no variant it avoids in the dashboard, the server, the command line, the policy or the facts', () => {
    const found: string[] = [];
    for (const lang of ['en', 'zh', 'es'] as const) {
      const texts: [string, string][] = [
        ...[...web[lang]].map(([key, text]): [string, string] => [`${webFile[lang]} ${key}`, text]),
        ...serverTexts.map((e): [string, string] => [`${e.path} ${lang}`, e.text[lang]]),
      ];
      for (const term of glossary.terms)
        for (const variant of term.avoid?.[lang] ?? [])
          for (const [where, text] of texts)
            if (usesVariant(text, variant, lang))
              found.push(`${where}: "${variant}" → "${term[lang]}" (${term.id}): ${text}`);
    }
    expect(found).toEqual([]);
  });
});

describe('exports', () => {
  it('name reasons as the dashboard’s filter and badges do', () => {
    for (const lang of ['en', 'zh', 'es'] as const)
      for (const [code, names] of Object.entries(reasonNames))
        expect(`${code}: ${names[lang]}`).toBe(`${code}: ${web[lang].get(`reasons.${code}`)}`);
  });
});

describe('refusals of a field', () => {
  it('name the field as the form labels it', () => {
    const formLabel = {
      bufferUnits: 'settings.bufferUnits',
      bufferPercent: 'settings.bufferPercent',
      sps: 'eligibility.sps',
    };
    for (const lang of ['en', 'zh', 'es'] as const)
      for (const [field, key] of Object.entries(formLabel))
        expect(`${field}: ${fieldLabels[field]?.[lang]}`).toBe(`${field}: ${web[lang].get(key)}`);
  });
});

describe('dashboard locales', () => {
  it('have the same keys in all three languages, none empty', () => {
    const en = [...web.en.keys()].sort();
    for (const lang of ['zh', 'es'] as const) {
      const keys = [...web[lang].keys()].sort();
      expect(
        keys.filter((k) => !web.en.has(k)),
        `${webFile[lang]} keys English lacks`,
      ).toEqual([]);
      expect(
        en.filter((k) => !web[lang].has(k)),
        `keys ${webFile[lang]} lacks`,
      ).toEqual([]);
      for (const [key, text] of web[lang]) expect(text.trim(), `${webFile[lang]} ${key}`).not.toBe('');
    }
  });

  it('translate every English word, but for brand words', () => {
    const copies: string[] = [];
    for (const [key, en] of web.en) {
      if (words(en) === '' || key.startsWith('zones.')) continue;
      if (web.zh.get(key) === en) copies.push(`zh-CN ${key}`);
      if (web.es.get(key) === en && !sameInSpanish.has(key)) copies.push(`es-MX ${key}`);
    }
    expect(copies).toEqual([]);
  });

  it('write Chinese in Chinese: no English word left in zh-CN but brand words and examples', () => {
    const english = [...web.zh]
      .filter(([key]) => !key.startsWith('zones.'))
      .map(([key, text]) => [key, words(text)])
      .filter(([, rest]) => /[A-Za-z]{3,}/.test(rest as string));
    expect(english).toEqual([]);
  });
});

describe('server and command-line messages', () => {
  it('exist in zh-CN, en and es-MX, and zh and es are not English copies', () => {
    expect(serverTexts.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const { path, text } of serverTexts) {
      for (const lang of ['en', 'zh', 'es'] as const)
        if (!text[lang].trim()) problems.push(`${path}: no ${lang}`);
      for (const lang of ['zh', 'es'] as const)
        if (text[lang] === text.en && words(text.en) !== '' && !(lang === 'es' && sameInSpanish.has(path)))
          problems.push(`${path}: ${lang} copies English`);
    }
    expect(problems).toEqual([]);
  });

  it('show program facts and policy notes without markdown', () => {
    // Emphasis (*not*, **both**), not a file pattern such as *.before-restore-<time>.
    const marked = serverTexts.filter(({ text }) =>
      Object.values(text).some((t) => /\*\*?[^\s*][^*]*\*/.test(t)),
    );
    expect(marked.map((e) => e.path)).toEqual([]);
  });
});

describe('check reasons in Chinese and Spanish', () => {
  const headers = ['sku', 'title', 'category', 'description', 'price', 'currency'];
  const { columns, units } = readHeader(headers);
  const rows = [
    ['V-1', 'Disposable vape pen 5000 puffs', '', '', '199', 'MXN'],
    ['J-1', 'Sterling silver necklace', 'Jewelry', '', '299', 'MXN'],
    ['B-1', 'Vitamin C face serum', 'Beauty', '', '249', 'MXN'],
    ['T-1', '', '', '', '99', 'MXN'],
    ['T-1', 'Phone case', '', '', 'abc', 'MXN'],
    ['K-1', 'Baby bottle 0-6 months', '', '', '150', 'MXN'],
    ['D-1', 'Stainless steel bottle', '', 'great for protein shakes and supplements', '199', 'MXN'],
    ['S-1', 'Running shoes', '', '', '3600', 'MXN'],
  ];
  // Ids are for the API and exports; a person reads names.
  const ids = [...policy.categories.map((c) => c.id), ...namedClassifierIds, 'unlisted'];
  const rawWords = /\b(unlisted|title:|category:|description:|age:|row \d)/;

  for (const lang of ['zh', 'es'] as const) {
    it(`name categories, fields and evidence in ${lang}, never by id`, () => {
      const checker = new CatalogChecker(
        { policy, fit: fitConfigSchema.parse(fitDefaults), lang, usdMxn: undefined },
        { columns, units },
      );
      const seen = new Map<string, number>();
      const messages = rows.flatMap((values, i) => {
        const sku = values[0] as string;
        const duplicateOf = seen.get(sku);
        seen.set(sku, i + 2);
        return checker.check({ row: i + 2, values, duplicateOf }).reasons.map((r) => r.message);
      });
      expect(messages.length).toBeGreaterThanOrEqual(rows.length);
      // The seller's own words are quoted; outside the quotes no id may appear.
      const ours = (m: string) => m.replace(/“[^”]*”|"[^"]*"/g, '');
      const leaks = messages.filter(
        (m) =>
          rawWords.test(ours(m)) ||
          ids.some((id) => new RegExp(`(^|[^a-z_.])${id}($|[^a-z_.])`).test(ours(m))),
      );
      expect(leaks).toEqual([]);
    });
  }

  it('says in Chinese where a prohibited word was found', () => {
    const checker = new CatalogChecker(
      { policy, fit: fitConfigSchema.parse(fitDefaults), lang: 'zh', usdMxn: undefined },
      { columns, units },
    );
    const [reason] = checker.check({ row: 2, values: rows[0] as string[] }).reasons;
    expect(reason?.message).toBe('项目禁售类目：电子烟（依据：标题中的“disposable vape”“puffs”）。');
  });
});
