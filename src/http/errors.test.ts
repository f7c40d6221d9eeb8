import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ApiError, errorHandler } from './errors.ts';

/**
 * What the API answers when the database, not the request, failed: the same answer on both engines.
 * PostgreSQL's SQLSTATE class 53 (insufficient resources) included: 53100 disk_full is SQLite's
 * SQLITE_FULL, 53200 out_of_memory and 53300 too_many_connections pass with time.
 */
describe('database faults in API answers', () => {
  const answerTo = async (code: string) => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.get('/', async () => {
      throw Object.assign(new Error(`failed with ${code}`), { code });
    });
    const r = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return { status: r.statusCode, code: r.json().error.code, retryAfter: r.headers['retry-after'] };
  };

  it('a full disk is 507 DISK_FULL on either engine', async () => {
    for (const code of ['53100', 'SQLITE_FULL'])
      expect([code, await answerTo(code)]).toEqual([
        code,
        { status: 507, code: 'DISK_FULL', retryAfter: '60' },
      ]);
  });

  it('PostgreSQL out of memory is 503 DATABASE_BUSY; too many connections 503 DATABASE_UNAVAILABLE', async () => {
    expect(await answerTo('53200')).toEqual({ status: 503, code: 'DATABASE_BUSY', retryAfter: '2' });
    expect(await answerTo('53300')).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '5' });
  });

  it('an error that is not the database’s stays 500', async () => {
    expect((await answerTo('23505')).status).toBe(500);
  });
});

/** A refusal with a reason is said in the language the request asks for; its reason stays as data. */
describe('refusals in the requester’s language', () => {
  const answerIn = async (acceptLanguage: string) => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.get('/', async () => {
      throw ApiError.refused(400, 'VALIDATION_FAILED', { key: 'no_policy', params: { policy: 'x-2027' } });
    });
    const r = await app.inject({ method: 'GET', url: '/', headers: { 'accept-language': acceptLanguage } });
    await app.close();
    return { status: r.statusCode, ...r.json().error };
  };

  it('says an unknown policy in Chinese, Spanish or English, with the same code and reason', async () => {
    const details = { reason: 'no_policy', params: { policy: 'x-2027' } };
    expect(await answerIn('zh-CN')).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '没有项目规则 x-2027',
      details,
    });
    expect((await answerIn('es-MX,es;q=0.9')).message).toBe('no existen las reglas del programa x-2027');
    expect((await answerIn('en-US')).message).toBe('no policy x-2027');
  });
});
