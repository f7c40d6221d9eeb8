import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, principalFromSession, principalFromToken } from '../services/accounts.ts';
import { sameSecret } from '../services/security/secrets.ts';
import type { Store } from '../store/openDatabase.ts';
import { SESSION_COOKIE } from './app.ts';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every API route needs a principal unless it says `access: 'public'`: a bearer token
 * (`Authorization: Bearer pte_…`) or the session cookie. A cookie-authenticated write must also
 * carry the session's CSRF token in `X-CSRF-Token` (SameSite=Strict is the first wall, this the second).
 */
export function authenticate(store: Store) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const access = config.access ?? (SAFE_METHODS.has(request.method) ? 'read' : 'write');
    if (access === 'public') return;

    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const sessionId = request.cookies[SESSION_COOKIE];
    const principal = bearer
      ? await principalFromToken(store, bearer, (error) =>
          request.log.debug({ err: error }, 'the token’s last-used time was not recorded'),
        )
      : sessionId
        ? await principalFromSession(store, sessionId)
        : null;
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'log in, or send a valid API token');

    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      const expected = principal.csrfToken ?? '';
      if (typeof sent !== 'string' || !sameSecret(sent, expected))
        throw new ApiError(403, 'CSRF_FAILED', 'missing or wrong X-CSRF-Token header');
    }
    if (!allows(principal.level, access))
      throw new ApiError(403, 'FORBIDDEN', `this needs ${access} access; you have ${principal.level}`);
    request.principal = principal;
  };
}
