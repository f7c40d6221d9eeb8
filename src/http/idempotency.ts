import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLAIM_LEASE_MS, claimKey, completeKey, releaseKey, renewKey } from '../store/idempotency.ts';
import type { Store } from '../store/openDatabase.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The stored key this request claimed (caller-scoped), to complete or release when it ends. */
    idempotencyKey?: string;
    /** Stops renewing the claim's lease. */
    stopRenewing?: () => void;
  }
}

/**
 * `Idempotency-Key` on creating requests: the first request with a key runs and a successful answer
 * is kept (24 hours); a retry with the same key and body gets that answer again (header
 * `Idempotent-Replayed`), the same key with another body is refused (422), and a retry while the
 * first still runs gets 409 (with Retry-After). An error answer is not kept: nothing happened, so
 * the retry runs anew. The claim is a lease renewed while the request runs: when the server running
 * it dies, the retry (to any server) takes the key over within seconds (store/idempotency.ts).
 */
export function idempotency(store: Store) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.idempotent) return;
    const sent = request.headers['idempotency-key'];
    if (typeof sent !== 'string' || !sent) return;
    if (sent.length > 200)
      throw new ApiError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key may have at most 200 characters');
    const { organizationId, id: caller } = request.principal;
    const key = `${caller}:${sent}`;
    const requestHash = createHash('sha256')
      .update(request.method)
      .update(request.url)
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const claim = await claimKey(store, { organizationId, key, requestHash });
    if (claim.status === 'mismatch')
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request',
      );
    if (claim.status === 'in_progress') {
      reply.header('retry-after', String(Math.max(1, Math.ceil(claim.retryAfterMs / 1000))));
      throw new ApiError(
        409,
        'IDEMPOTENCY_IN_PROGRESS',
        'a request with this Idempotency-Key is still running',
      );
    }
    if (claim.status === 'replay') {
      reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
      return reply.status(claim.statusCode).send(claim.response);
    }
    request.idempotencyKey = key;
    const renewing = setInterval(() => {
      // A failed renewal only shortens the claim; the request goes on.
      renewKey(store, organizationId, key).catch(() => {});
    }, CLAIM_LEASE_MS / 3);
    renewing.unref();
    request.stopRenewing = () => clearInterval(renewing);
    // However the request ends (answered, failed, or its client gone), the renewals stop.
    reply.raw.once('close', request.stopRenewing);
  };
}

/** onSend: keeps a successful answer for the claimed key, or frees the key. */
export function rememberResponse(store: Store) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    request.stopRenewing?.();
    const org = request.principal.organizationId;
    if (reply.statusCode < 400) {
      const response = typeof payload === 'string' ? payload : JSON.stringify(payload);
      await completeKey(store, org, key, { statusCode: reply.statusCode, response });
    } else {
      await releaseKey(store, org, key);
    }
    return payload;
  };
}
