import { describe, expect, it } from 'vitest';
import { acceptedLanguage } from './requestLanguage.ts';

describe('the language a request asks for', () => {
  it('reads the dashboard’s own tags and a browser’s weighted list', () => {
    expect(acceptedLanguage('zh-CN')).toBe('zh');
    expect(acceptedLanguage('es-MX')).toBe('es');
    expect(acceptedLanguage('fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5')).toBe('es');
    expect(acceptedLanguage('en;q=0.4, zh-Hans-CN;q=0.7')).toBe('zh');
  });

  it('says nothing for a language Puente has not, or for none at all', () => {
    expect([
      acceptedLanguage('*'),
      acceptedLanguage('fr'),
      acceptedLanguage(''),
      acceptedLanguage(undefined),
    ]).toEqual([null, null, null, null]);
    expect(acceptedLanguage('zh;q=0, en')).toBe('en');
  });
});
