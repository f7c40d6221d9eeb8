import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, principalFromSession, principalFromToken } from '../services/accounts.ts';
import { sameSecret } from '../services/security/secrets.ts';
import type { Store } from '../store/openDatabase.ts';
import { organizationStanding } from '../store/organizations.ts';
import { SESSION_COOKIE } from './app.ts';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every API route needs a principal unless it says `access: 'public'`: a bearer token
 * (`Authorization: Bearer pte_…`) or the session cookie. A cookie-authenticated write must also
 * carry the session's CSRF token in `X-CSRF-Token` (SameSite=Strict is the first wall, this the second).
 * A route with `platform: true` (organizations on a shared install) needs a platform administrator.
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
    // Set before the refusals below, so that they are said in the account's language.
    request.principal = principal;
    // A disabled organization's users and tokens are refused on every route, and platform routes
    // need a platform administrator whatever their role in their own organization.
    const standing = await organizationStanding(store, principal.organizationId, principal.userId);
    if (config.platform) {
      if (!standing?.platformAdmin)
        throw ApiError.refused(403, 'FORBIDDEN', { key: 'platform_admin_required' });
      return;
    }
    if (!standing || standing.disabledAt)
      throw ApiError.refused(403, 'ORGANIZATION_DISABLED', {
        key: 'organization_disabled',
        params: { name: standing?.name ?? principal.organizationId },
      });
    if (!allows(principal.level, access))
      throw new ApiError(403, 'FORBIDDEN', `this needs ${access} access; you have ${principal.level}`);
  };
}
