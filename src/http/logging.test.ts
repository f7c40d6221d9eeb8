import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './errors.ts';
import { loggerOptions, maskUrlPasswords } from './logging.ts';

describe('the server log', () => {
  it('masks the password of a URL in a message', () => {
    expect(maskUrlPasswords('connect postgres://puente:s3cr3t@db:5432/puente failed')).toBe(
      'connect postgres://puente:***@db:5432/puente failed',
    );
  });

  it('records a failed request at warn level without --log, with secrets redacted', async () => {
    const lines: string[] = [];
    const app = Fastify({ logger: loggerOptions({ logTo: { write: (l) => void lines.push(l) } }) });
    app.setErrorHandler(errorHandler);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/boom', async (request) => {
      request.log.warn({ password: 'hunter2', token: 'pte_abc' }, 'context');
      throw new Error('could not open postgres://puente:s3cr3t@db/puente');
    });
    await app.inject({ url: '/ok', headers: { authorization: 'Bearer pte_abc' } });
    const answer = await app.inject({ url: '/boom', headers: { authorization: 'Bearer pte_abc' } });
    expect(answer.statusCode).toBe(500);
    const logged = lines.map((l) => JSON.parse(l));
    // Nothing about the request that went well; the failure and its context, redacted.
    expect(logged.map((l) => [l.level, l.msg])).toEqual([
      [40, 'context'],
      [50, 'request failed'],
    ]);
    expect(logged[0]).toMatchObject({ password: '[redacted]', token: '[redacted]' });
    expect(logged[1].err.message).toBe('could not open postgres://puente:***@db/puente');
    expect(lines.join('\n')).not.toMatch(/hunter2|s3cr3t|pte_abc/);
    await app.close();
  });
});
