import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/limits.ts';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A refused request says what is wrong in the requester's language, names each field as the
 * dashboard labels it and gives its range, and carries the same as data in `details`. Zod's English
 * ("Too big: expected …", "not 0") never reaches a person. Validation runs before any query, so one
 * engine shows it; the store suites cover both.
 */
describe('validation refusals in the user’s language', () => {
  let server: TestServer;
  let owner: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  }, 60_000);
  afterAll(() => server?.close());

  const zod = /Too (big|small)|expected|Invalid input|not 0|received/;
  const onHand = async () => (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0]?.onHand ?? 0;

  it('refuses a receipt of -50 in Chinese with the field and its range, and stores nothing', async () => {
    const before = await onHand();
    const answer = await owner.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: -50 },
      { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '数量不能小于 1。允许范围：1 至 1,000,000 的整数。',
      details: [
        {
          where: 'body',
          field: 'quantity',
          problem: 'too_small',
          min: 1,
          max: LIMITS.movementQuantity,
          whole: true,
          message: '数量不能小于 1。允许范围：1 至 1,000,000 的整数。',
        },
      ],
    });
    expect(await onHand()).toBe(before);
  });

  it('refuses 2.5 and 99999999999999 in Mexican Spanish', async () => {
    const es = { headers: { 'accept-language': 'es-MX' } };
    const fraction = await owner.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: 2.5 },
      es,
    );
    const huge = await owner.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: 99_999_999_999_999 },
      es,
    );
    expect([fraction.status, fraction.body.error.message, fraction.body.error.details[0].problem]).toEqual([
      400,
      'El campo “Cantidad” debe ser un número entero, sin decimales. Se aceptan números enteros de 1 a 1,000,000.',
      'not_integer',
    ]);
    expect([huge.status, huge.body.error.message, huge.body.error.details[0].problem]).toEqual([
      400,
      'El campo “Cantidad” no puede ser mayor que 1,000,000. Se aceptan números enteros de 1 a 1,000,000.',
      'too_big',
    ]);
  });

  it('says an adjustment of 0 and a reason over 200 characters in the user’s words, never zod’s', async () => {
    const answer = await owner.post(
      '/api/v1/stock/adjust',
      { sku: 'A', warehouse: 'TX', delta: 0, reason: 'x'.repeat(201) },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(answer.status).toBe(400);
    expect(
      answer.body.error.details.map((d: { field: string; problem: string }) => [d.field, d.problem]),
    ).toEqual([
      ['delta', 'not_zero'],
      ['reason', 'too_long'],
    ]);
    expect(answer.body.error.message).toBe(
      '变动（+/−）不能为 0。允许范围：-1,000,000 至 1,000,000 的整数。原因过长：最多 200 个字符。',
    );
    expect(JSON.stringify(answer.body)).not.toMatch(zod);
  });

  it('refuses a Shop Performance Score of -3 or 99 instead of taking 0 or 5', async () => {
    const ask = (sps: number) =>
      owner.post(
        '/api/v1/merchant/eligibility',
        { registered_country: 'CN', sps },
        { headers: { 'accept-language': 'es-MX' } },
      );
    const [low, high] = [await ask(-3), await ask(99)];
    expect([low.status, low.body.error.details[0]]).toEqual([
      400,
      {
        where: 'body',
        field: 'sps',
        problem: 'too_small',
        min: 0,
        max: 5,
        whole: false,
        message:
          'El campo “Puntuación de desempeño de la tienda (SPS)” no puede ser menor que 0. Se aceptan números de 0 a 5.',
      },
    ]);
    expect([high.status, high.body.error.details[0].problem]).toEqual([400, 'too_big']);
  });

  it('answers in the account’s language when the request does not ask for one', async () => {
    const es = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    expect((await es.patch('/api/v1/auth/me', { locale: 'es-MX' })).status).toBe(200);
    const answer = await es.post('/api/v1/stock/transfer', { sku: 'A', from: 'TX', to: 'CA', quantity: '5' });
    expect([answer.status, answer.body.error.message]).toEqual([
      400,
      'El campo “Cantidad” debe ser un número. Se aceptan números enteros de 1 a 1,000,000.',
    ]);
    await es.patch('/api/v1/auth/me', { locale: 'en' });
    const en = await es.post('/api/v1/stock/transfer', { sku: 'A', from: 'TX', to: 'CA' });
    expect(en.body.error.message).toBe('Quantity is required. Allowed: whole numbers from 1 to 1,000,000.');
  });
});
