import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { Refused } from '../services/refused.ts';
import { OrderError } from '../store/reservations.ts';
import { StockError } from '../store/stockLedger.ts';
import { cliLang, refusalOf } from './refusal.ts';
import { UsageError } from './usageError.ts';

describe('the language of the command line', () => {
  it('is --lang first, then PUENTE_LANG, then the locale', () => {
    const env = { PUENTE_LANG: 'es-MX', LANG: 'zh_CN.UTF-8' };
    expect(cliLang(['stock', '--lang', 'zh'], { ...env, PUENTE_LANG: 'en' })).toBe('zh');
    expect(cliLang(['stock', '--lang=en'], env)).toBe('en');
    expect(cliLang(['stock'], env)).toBe('es');
    expect(cliLang(['stock'], { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(cliLang(['stock'], { LC_ALL: 'es_MX.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('es');
  });

  it('is English for any other locale, or a --lang it does not know', () => {
    expect(cliLang([], { LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLang([], { LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLang(['--lang', 'fr'], { LANG: 'zh_CN' })).toBe('zh');
    expect(cliLang([], {})).toBe('en');
  });
});

describe('a refusal is one line and an exit code', () => {
  it('says a refused order action in the user language, exit 1', () => {
    const e = new OrderError('ORDER_STATE', 'order MX-1 has shipped: record a return instead', {
      key: 'order_shipped_no_cancel',
      params: { order: 'MX-1' },
    });
    expect(refusalOf(e, 'es')).toEqual({
      line: 'puente: el pedido MX-1 ya se envió y no se puede cancelar: registra lo que regrese con puente return MX-1',
      exitCode: 1,
    });
  });

  it('names the order status in the glossary words', () => {
    const e = new OrderError('ORDER_STATE', 'x', {
      key: 'order_cannot_ship',
      params: { order: 'MX-2', status: 'awaiting_stock' },
    });
    expect(refusalOf(e, 'zh').line).toBe('puente: 订单 MX-2 状态为等待到货：只有已预留的订单才能发货');
  });

  it('gives conflicts 4, things not found 3, usage 2', () => {
    expect(refusalOf(new Refused('conflict', { key: 'demo_not_empty' }), 'en').exitCode).toBe(4);
    expect(refusalOf(new Refused('not_found', { key: 'no_order', params: { order: 'X' } }), 'en')).toEqual({
      line: 'puente: no order X',
      exitCode: 3,
    });
    expect(refusalOf(new StockError('BELOW_RESERVED', 'cannot remove 5'), 'en').exitCode).toBe(1);
  });

  it('says a country code that is not two letters as a usage line, exit 2', () => {
    const e = new UsageError({ key: 'not_a_country', params: { value: 'CHN' } });
    expect(refusalOf(e, 'es')).toEqual({
      line: 'puente: --country: "CHN" no es un código de país de dos letras como CN o US',
      exitCode: 2,
    });
  });

  it("says commander's own errors in the user's words", () => {
    const missing = new CommanderError(
      1,
      'commander.missingMandatoryOptionValue',
      "error: required option '--warehouse <code>' not specified",
    );
    expect(refusalOf(missing, 'zh', 'receive')).toEqual({
      line: 'puente: 缺少必填选项 --warehouse <code>（puente receive --help 查看用法）',
      exitCode: 2,
    });
    const choice = new CommanderError(
      1,
      'commander.invalidArgument',
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv.",
    );
    expect(refusalOf(choice, 'en').line).toBe(
      'puente: --format: "xml" is not valid: one of table, json, csv',
    );
  });

  it('keeps an unexpected error to one line and points to --debug', () => {
    expect(refusalOf(new Error('connect ECONNREFUSED\n127.0.0.1:1'), 'en')).toEqual({
      line: 'puente: unexpected error: connect ECONNREFUSED; 127.0.0.1:1 (run with --debug for details)',
      exitCode: 1,
    });
  });
});
