import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * Forms refuse, they don't fix: a number typed into Receive or the merchant's Shop Performance
 * Score is judged as typed. "-50", "2.5" and "99999999999999" (and a score of -3 or 99) stay in the
 * field with a sentence under it, in the language on screen, naming the field as the form does and
 * giving the allowed range; nothing is sent and nothing is stored. (Before, "-50" received 50, "2.5"
 * received 2, and a score of -3 became 0 and 99 became 5 without a word.)
 */
const refusals = {
  'zh-CN': {
    receive: {
      '-50': '数量不能小于 1。允许范围：1 至 1,000,000 的整数。',
      '2.5': '数量须为整数，不能有小数。允许范围：1 至 1,000,000 的整数。',
      '99999999999999': '数量不能大于 1,000,000。允许范围：1 至 1,000,000 的整数。',
      '': '请填写数量。允许范围：1 至 1,000,000 的整数。',
    },
    sps: {
      '-3': '店铺绩效分（SPS）不能小于 0。允许范围：0 至 5。',
      '99': '店铺绩效分（SPS）不能大于 5。允许范围：0 至 5。',
    },
  },
  'es-MX': {
    receive: {
      '-50': 'El campo “Cantidad” no puede ser menor que 1. Se aceptan números enteros de 1 a 1,000,000.',
      '2.5':
        'El campo “Cantidad” debe ser un número entero, sin decimales. Se aceptan números enteros de 1 a 1,000,000.',
      '99999999999999':
        'El campo “Cantidad” no puede ser mayor que 1,000,000. Se aceptan números enteros de 1 a 1,000,000.',
      '': 'El campo “Cantidad” es obligatorio. Se aceptan números enteros de 1 a 1,000,000.',
    },
    sps: {
      '-3': 'El campo “Puntuación de desempeño de la tienda (SPS)” no puede ser menor que 0. Se aceptan números de 0 a 5.',
      '99': 'El campo “Puntuación de desempeño de la tienda (SPS)” no puede ser mayor que 5. Se aceptan números de 0 a 5.',
    },
  },
} as const;

const buffers = {
  'zh-CN': {
    unitsNegative: '安全库存（件）不能小于 0。允许范围：0 至 1,000,000 的整数。',
    unitsFraction: '安全库存（件）须为整数，不能有小数。允许范围：0 至 1,000,000 的整数。',
    percentEmpty: '请填写安全库存（百分比）。允许范围：0 至 100 的整数。',
    percentTooBig: '安全库存（百分比）不能大于 100。允许范围：0 至 100 的整数。',
  },
  'es-MX': {
    unitsNegative:
      'El campo “Reserva de seguridad (unidades)” no puede ser menor que 0. Se aceptan números enteros de 0 a 1,000,000.',
    unitsFraction:
      'El campo “Reserva de seguridad (unidades)” debe ser un número entero, sin decimales. Se aceptan números enteros de 0 a 1,000,000.',
    percentEmpty:
      'El campo “Reserva de seguridad (porcentaje)” es obligatorio. Se aceptan números enteros de 0 a 100.',
    percentTooBig:
      'El campo “Reserva de seguridad (porcentaje)” no puede ser mayor que 100. Se aceptan números enteros de 0 a 100.',
  },
} as const;

describe('forms refuse what they cannot take, in place (demo data)', () => {
  let d: Dashboard;
  let page: Page;
  /** Every write the page sends to these endpoints: none may leave for a refused value. */
  const sent: string[] = [];

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/stock\/receive|\/merchant\/eligibility/.test(r.url()))
        sent.push(r.url());
    });
    await d.login(page);
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  const onHand = async () => {
    const answer = await page.request.get(`${d.server.url}/api/v1/stock?sku=3C-CBL-001&warehouse=TX`);
    return ((await answer.json()) as { items: { onHand: number }[] }).items[0]?.onHand;
  };

  for (const lang of ['zh-CN', 'es-MX'] as const) {
    it(`refuses -50, 2.5, 99999999999999 and an empty quantity on Receive, in ${lang}, and stores nothing`, async () => {
      await d.open('inventory');
      await page.getByTestId(`language-switcher-${lang}`).click();
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const before = await onHand();
      sent.length = 0;

      await page.getByTestId('receive-button').click();
      const form = page.getByTestId('receive-form');
      await form.getByTestId('stock-sku').fill('3C-CBL-001');
      await form.getByTestId('stock-warehouse').click();
      await page.getByRole('option', { name: /^TX/ }).click();
      const quantity = form.getByTestId('stock-quantity');
      for (const [typed, sentence] of Object.entries(refusals[lang].receive)) {
        await quantity.fill(typed);
        await form.getByTestId('stock-submit').click();
        await form.getByText(sentence, { exact: true }).waitFor();
        // What was typed stays as typed: no sign stripped, no decimals dropped, nothing clamped.
        expect(await quantity.inputValue()).toBe(typed);
        expect(await quantity.getAttribute('aria-invalid')).toBe('true');
        if (typed === '-50') await d.shot(`forms-refuse-receive-${lang}`);
      }
      expect(sent).toEqual([]);
      expect(await onHand()).toBe(before);
      await page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
    });

    it(`refuses a buffer that is empty, negative, fractional or past its range, in ${lang}`, async () => {
      const storefront = async () =>
        (await (await page.request.get(`${d.server.url}/api/v1/storefronts/TTS-MX`)).json()) as {
          bufferUnits: number;
          bufferPercent: number;
          version: number;
        };
      const before = await storefront();
      await page.goto(`${d.server.url}/settings?tab=storefronts`);
      await page
        .locator('[data-testid="storefront-row"][data-code="TTS-MX"]')
        .getByTestId('storefront-edit')
        .click();
      const form = page.getByTestId('storefront-form');
      const units = form.getByTestId('storefront-buffer-units');
      const percent = form.getByTestId('storefront-buffer-percent');
      await units.fill('-1');
      await percent.fill('');
      await form.getByTestId('storefront-save').click();
      await form.getByText(buffers[lang].unitsNegative, { exact: true }).waitFor();
      await form.getByText(buffers[lang].percentEmpty, { exact: true }).waitFor();
      await units.fill('1.5');
      await percent.fill('150');
      await form.getByTestId('storefront-save').click();
      await form.getByText(buffers[lang].unitsFraction, { exact: true }).waitFor();
      await form.getByText(buffers[lang].percentTooBig, { exact: true }).waitFor();
      expect([await units.inputValue(), await percent.inputValue()]).toEqual(['1.5', '150 %']);
      await d.shot(`forms-refuse-buffers-${lang}`);
      expect(await storefront()).toEqual(before);
      await page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
    });

    it(`refuses a Shop Performance Score of -3 or 99 instead of taking 0 or 5, in ${lang}`, async () => {
      await d.open('compliance');
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      sent.length = 0;
      const form = page.getByTestId('eligibility-form');
      const sps = form.getByTestId('eligibility-sps');
      for (const [typed, sentence] of Object.entries(refusals[lang].sps)) {
        await sps.fill(typed);
        await form.getByTestId('eligibility-submit').click();
        await form.getByText(sentence, { exact: true }).waitFor();
        expect(await sps.inputValue()).toBe(typed);
        if (typed === '99') await d.shot(`forms-refuse-sps-${lang}`);
      }
      expect(sent).toEqual([]);
      expect(await form.getByTestId('eligibility-result').count()).toBe(0);

      // A score in range is asked as typed: 3.85 is not cut to 3.8.
      await sps.fill('3.85');
      await form.getByTestId('eligibility-submit').click();
      await form.getByTestId('eligibility-result').waitFor();
      expect(await sps.inputValue()).toBe('3.85');
      expect(sent).toHaveLength(1);
    });
  }
});
