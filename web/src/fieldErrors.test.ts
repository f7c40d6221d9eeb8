import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { apiFieldProblems, numberProblem, numberRules, problemText } from './fieldErrors';
import en from './i18n/en.json';
import es from './i18n/es-MX.json';
import zh from './i18n/zh-CN.json';

/** The sentence under a refused field, as the dashboard's own words render it in each language. */
const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zh }, 'es-MX': { translation: es } },
  lng: 'en',
  interpolation: { escapeValue: false },
});

const say = (lang: string, label: string, typed: string) => {
  const problem = numberProblem(typed, numberRules.movementQuantity);
  if (!problem) throw new Error(`${typed} was taken`);
  return problemText(i18n.getFixedT(lang), lang, label, problem);
};

describe('a refused number under its field', () => {
  it('names the field as the form labels it and gives the range, in three languages', () => {
    expect(say('en', 'Units coming back', '-50')).toBe(
      'Units coming back cannot be less than 1. Allowed: whole numbers from 1 to 1,000,000.',
    );
    expect(say('zh-CN', '数量', '2.5')).toBe('数量须为整数，不能有小数。允许范围：1 至 1,000,000 的整数。');
    expect(say('es-MX', 'Cantidad', '99999999999999')).toBe(
      'El campo “Cantidad” no puede ser mayor que 1,000,000. Se aceptan números enteros de 1 a 1,000,000.',
    );
  });

  it('reads the refused fields of an API answer, and nothing from other errors', () => {
    const refused = new ApiError(400, 'VALIDATION_FAILED', '…', [
      { where: 'body', field: 'delta', problem: 'not_zero', min: -1_000_000, max: 1_000_000, whole: true },
    ]);
    const [delta] = apiFieldProblems(refused);
    expect([delta?.field, delta?.problem]).toEqual(['delta', 'not_zero']);
    expect(apiFieldProblems(new ApiError(409, 'ORDER_STATE', '…', { reason: 'no_order' }))).toEqual([]);
    if (!delta) return;
    expect(problemText(i18n.getFixedT('es-MX'), 'es-MX', 'Cambio (+/−)', delta)).toBe(
      'El campo “Cambio (+/−)” no puede ser 0. Se aceptan números enteros de -1,000,000 a 1,000,000.',
    );
  });
});
