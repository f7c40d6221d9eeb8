import { describe, expect, it } from 'vitest';
import { numberRules } from '../domain/inputProblems.ts';
import { fieldLabel, inputProblemText, validationMessage } from './inputProblems.ts';

const quantity = { field: 'quantity', ...numberRules.movementQuantity };

describe('a refused field in the user’s words', () => {
  it('names the field as the form labels it and gives the allowed range, in three languages', () => {
    const tooSmall = { ...quantity, problem: 'too_small' as const };
    expect(inputProblemText(tooSmall, 'en')).toBe(
      'Quantity cannot be less than 1. Allowed: whole numbers from 1 to 1,000,000.',
    );
    expect(inputProblemText(tooSmall, 'zh')).toBe('数量不能小于 1。允许范围：1 至 1,000,000 的整数。');
    expect(inputProblemText(tooSmall, 'es')).toBe(
      'El campo “Cantidad” no puede ser menor que 1. Se aceptan números enteros de 1 a 1,000,000.',
    );
  });

  it('says a fraction is refused, not rounded', () => {
    const fraction = { ...quantity, problem: 'not_integer' as const };
    expect(inputProblemText(fraction, 'en')).toMatch(/^Quantity must be a whole number, without decimals\./);
    expect(inputProblemText(fraction, 'zh')).toMatch(/^数量须为整数，不能有小数。/);
    expect(inputProblemText(fraction, 'es')).toMatch(
      /^El campo “Cantidad” debe ser un número entero, sin decimales\./,
    );
  });

  it('gives a decimal score its range without calling it whole', () => {
    const sps = { field: 'sps', ...numberRules.sps, problem: 'too_big' as const };
    expect(inputProblemText(sps, 'en')).toBe(
      'Shop Performance Score cannot be more than 5. Allowed: numbers from 0 to 5.',
    );
    expect(inputProblemText(sps, 'zh')).toBe('店铺绩效分（SPS）不能大于 5。允许范围：0 至 5。');
    expect(inputProblemText(sps, 'es')).toBe(
      'El campo “Puntuación de desempeño de la tienda (SPS)” no puede ser mayor que 5. Se aceptan números de 0 a 5.',
    );
  });

  it('never shows zod’s wording for a text that is too long', () => {
    const reason = { field: 'reason', problem: 'too_long' as const, length: 200 };
    expect([
      inputProblemText(reason, 'en'),
      inputProblemText(reason, 'zh'),
      inputProblemText(reason, 'es'),
    ]).toEqual([
      'Reason is too long: at most 200 characters.',
      '原因过长：最多 200 个字符。',
      'El campo “Motivo” es demasiado largo: admite como máximo 200 caracteres.',
    ]);
  });

  it('says which item of a list, and keeps an unlabelled field’s name', () => {
    expect(fieldLabel('lines.1.quantity', 'en')).toBe('Quantity (item 2)');
    expect(fieldLabel('lines.1.quantity', 'zh')).toBe('第 2 项的数量');
    expect(fieldLabel('lines.1.quantity', 'es')).toBe('Cantidad (elemento 2)');
    expect(fieldLabel('policyId', 'en')).toBe('The field policyId');
  });

  it('joins every refused field into the message', () => {
    const problems = [
      { field: 'delta', ...numberRules.stockDelta, problem: 'not_zero' as const },
      { field: 'reason', problem: 'too_short' as const, length: 1 },
    ];
    expect(validationMessage(problems, 'zh')).toBe(
      '变动（+/−）不能为 0。允许范围：-1,000,000 至 1,000,000 的整数。请填写原因。',
    );
    expect(validationMessage([], 'es')).toBe('La solicitud no es válida.');
  });
});
