import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/openDatabase.ts';
import { now } from '../store/transaction.ts';
import { ApiError } from './errors.ts';

/**
 * `Idempotency-Key` on creating requests: the first request with a key runs and its response is
 * kept; a retry with the same key and body gets that response again (header `Idempotent-Replayed`),
 * the same key with another body is refused, and a retry while the first still runs gets 409.
 * A 5xx answer is not kept, so the client may retry it.
 */
export function idempotency(store: Store) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return;
    if (key.length > 200)
      throw new ApiError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key may have at most 200 characters');
    const org = request.principal.organizationId;
    const requestHash = createHash('sha256')
      .update(
        `${request.method} ${request.routeOptions.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`,
      )
      .digest('hex');
    const claimed = await store.db
      .insertInto('idempotency_keys')
      .values({
        organization_id: org,
        key,
        request_hash: requestHash,
        status_code: null,
        response: null,
        created_at: now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const seen = await store.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('organization_id', '=', org)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (seen.request_hash !== requestHash)
        throw new ApiError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used for a different request',
        );
      if (seen.status_code === null)
        throw new ApiError(
          409,
          'IDEMPOTENCY_IN_PROGRESS',
          'a request with this Idempotency-Key is still running',
        );
      reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
      return reply.status(seen.status_code).send(seen.response);
    }
    reply.header('idempotency-key', key);
    request.idempotencyKey = key;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/** Keeps the answer of a claimed key (onSend), or frees the key when the server failed. */
export function rememberResponse(store: Store) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    const org = request.principal.organizationId;
    const where = store.db.updateTable('idempotency_keys');
    if (reply.statusCode >= 500) {
      await store.db
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', org)
        .where('key', '=', key)
        .execute();
    } else {
      await where
        .set({
          status_code: reply.statusCode,
          response: typeof payload === 'string' ? payload : JSON.stringify(payload),
        })
        .where('organization_id', '=', org)
        .where('key', '=', key)
        .execute();
    }
    return payload;
  };
}
