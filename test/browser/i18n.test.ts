import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every string the dashboard shows exists in zh-CN, en and es-MX: the three files have the same
 * keys, none is empty, and every literal key the source asks for (`t('a.b')`) is there.
 */
const WEB = fileURLToPath(new URL('../../web/src/', import.meta.url));
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const languages = ['en', 'zh-CN', 'es-MX'] as const;
const files = Object.fromEntries(
  languages.map((lang) => [
    lang,
    flatten(JSON.parse(readFileSync(join(WEB, 'i18n', `${lang}.json`), 'utf8'))),
  ]),
) as Record<(typeof languages)[number], Map<string, string>>;

describe('dashboard translations', () => {
  it('have the same keys in every language, none empty', () => {
    const en = [...files.en.keys()].sort();
    for (const lang of languages) {
      expect([...files[lang].keys()].sort(), lang).toEqual(en);
      for (const [key, text] of files[lang]) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('are real translations, not English copies', () => {
    // Codes, units and words that Spanish writes as English does ("No", "Total", "Hong Kong").
    const same = new Set([
      'common.sku',
      'common.no',
      'orders.total',
      'eligibility.regions.HK',
      'stock.days',
      'dispatch.dayUnit',
      'settings.bufferValue',
      'severity.info',
      // Only placeholders and punctuation: Spanish punctuates this line as English does.
      'alerts.msg.oversellSku',
      'notify.quietRange',
      // Brand words (the glossary's brandWords): Feishu / Lark, WeCom, Slack and Webhook are their own names.
      'notify.kinds.feishu',
      'notify.kinds.wecom',
      'notify.kinds.slack',
      'notify.kinds.webhook',
    ]);
    // Time-zone abbreviations ("CST", "UTC") are written the same in English and Spanish.
    const shared = (key: string) => same.has(key) || key.startsWith('zones.');
    for (const lang of ['zh-CN', 'es-MX'] as const) {
      const copies = [...files.en].filter(([key, text]) => !shared(key) && files[lang].get(key) === text);
      expect(
        copies.map(([key]) => key),
        lang,
      ).toEqual([]);
    }
  });

  it('cover every literal key the source uses', () => {
    const used = new Set<string>();
    for (const file of sources(WEB)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g))
        used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(100);
    const keys = [...files.en.keys()];
    const missing = [...used].filter((k) => !files.en.has(k) && !keys.some((x) => x.startsWith(`${k}.`)));
    expect(missing).toEqual([]);
  });
});
