import { TikTokError } from '../channels/tiktok/errors.ts';
import { baseUrl, defaultBases } from '../channels/tiktok/hosts.ts';
import { storefrontCodeOf } from '../store/lookups.ts';
import type { Store } from '../store/openDatabase.ts';
import { insertOAuthState, oauthState, spendOAuthState } from '../store/tiktokOAuthStates.ts';
import { storefront as storefrontByCode } from './lookups.ts';
import { Refused } from './refused.ts';
import { digest, newSecret } from './security/secrets.ts';
import { type Connected, connectTikTok } from './tiktokConnect.ts';
import type { TikTokDeps } from './tiktokSession.ts';

/**
 * Connecting a storefront to TikTok Shop from the dashboard (issue 11, "OAuth in the dashboard";
 * reference §1 "Seller authorization"). Two halves:
 *
 * 1. `beginTikTokAuthorization`: Settings sends the app key and secret; a one-time random `state` is
 *    made and kept hashed with the session that asked, the storefront, the sealed secret, the hosts
 *    and an end time, and the authorization page's address is returned for the browser to open.
 * 2. `finishTikTokAuthorization`: TikTok redirects the seller's browser back with `code` and
 *    `state`. The state must be one this server gave, to this same session, not used and not ended;
 *    then the code is exchanged and the shop bound by `connectTikTok`, exactly as
 *    `puente tiktok connect` does (warehouse auto-mapping included).
 *
 * The state is what stops a forged callback (someone else's code landing in this seller's session),
 * so a state from another session is refused whatever else is right about it.
 */

/** How long a seller may take at TikTok's pages: the authorization code itself lives 30 minutes (§1). */
export const STATE_TTL_MS = 30 * 60_000;

/** The callback TikTok redirects to: register exactly this URL as the app's redirect URL in Partner Center. */
export const CALLBACK_PATH = '/api/v1/connectors/tiktok/callback';

export interface BeginInput {
  organizationId: string;
  storefront: string;
  /** The session's own id (the cookie's value); only its hash is stored. */
  sessionId: string;
  userId: string;
  appKey: string;
  appSecret: string;
  apiBase?: string | undefined;
  authBase?: string | undefined;
  /** Where TikTok sends the seller back: PUENTE_PUBLIC_URL (or the dashboard's address) + CALLBACK_PATH. */
  callbackUrl: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export interface Authorization {
  storefront: string;
  /** The authorization page to open, carrying the state. */
  authorizeUrl: string;
  callbackUrl: string;
  expiresAt: string;
}

function base(value: string, field: string): string {
  try {
    return baseUrl(value, field);
  } catch {
    throw new Refused('usage', { key: 'not_a_url', params: { option: field, value } });
  }
}

/**
 * The authorization page on the auth host, as TikTok's legacy link has it (§1:
 * `https://auth.tiktok-shops.com/oauth/authorize?app_key=…&state=…`). `redirect_uri` is added for
 * hosts that take it (a fake, a proxy); TikTok itself redirects to the URL registered for the app.
 */
export function authorizeUrl(authBase: string, appKey: string, state: string, callbackUrl: string): string {
  const url = new URL(`${authBase}/oauth/authorize`);
  url.searchParams.set('app_key', appKey);
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', callbackUrl);
  return url.toString();
}

export async function beginTikTokAuthorization(
  store: Store,
  deps: Pick<TikTokDeps, 'secrets'>,
  input: BeginInput,
): Promise<Authorization> {
  const sf = await storefrontByCode(store, input.organizationId, input.storefront);
  const defaults = defaultBases(input.env);
  const apiBase = base(input.apiBase || defaults.apiBase, 'apiBase');
  const authBase = base(input.authBase || defaults.authBase, 'authBase');
  const state = newSecret();
  const expiresAt = new Date((input.now ?? new Date()).getTime() + STATE_TTL_MS);
  await insertOAuthState(store, {
    stateHash: digest(state),
    organizationId: input.organizationId,
    sessionHash: digest(input.sessionId),
    userId: input.userId,
    storefrontId: sf.id,
    appKey: input.appKey,
    sealedAppSecret: deps.secrets.seal(input.appSecret),
    apiBase,
    authBase,
    expiresAt,
  });
  return {
    storefront: sf.code,
    authorizeUrl: authorizeUrl(authBase, input.appKey, state, input.callbackUrl),
    callbackUrl: input.callbackUrl,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Why a callback was not taken: each is said to the seller in their language (web i18n, `tiktok.callback.*`). */
export type CallbackProblem =
  | 'missing'
  | 'denied'
  | 'no_session'
  | 'state_unknown'
  | 'state_other_session'
  | 'state_expired'
  | 'state_used'
  | 'tiktok_refused'
  | 'tiktok_unreachable'
  | 'refused';

export class CallbackRefused extends Error {
  constructor(
    readonly problem: CallbackProblem,
    /** TikTok's own words, or the refusal in English, when there are any. */
    readonly detail: string | null = null,
  ) {
    super(`TikTok authorization not taken: ${problem}${detail ? ` (${detail})` : ''}`);
  }
}

export interface FinishInput {
  /** The session cookie's value on the callback request, if any. */
  sessionId: string | null;
  state: string | undefined;
  code: string | undefined;
  /** TikTok's `error` on a denial (`auth_denied`). */
  error?: string | undefined;
  actor?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export async function finishTikTokAuthorization(
  store: Store,
  deps: TikTokDeps,
  input: FinishInput,
): Promise<Connected> {
  if (!input.state) throw new CallbackRefused('missing');
  const hash = digest(input.state);
  const row = await oauthState(store, hash);
  if (!row) throw new CallbackRefused('state_unknown');
  if (!input.sessionId) throw new CallbackRefused('no_session');
  if (row.session_hash !== digest(input.sessionId)) throw new CallbackRefused('state_other_session');
  if (row.used_at) throw new CallbackRefused('state_used');
  if (Date.parse(row.expires_at) <= (input.now ?? new Date()).getTime())
    throw new CallbackRefused('state_expired');
  // Used before anything else is tried: a state opens one exchange, even one that fails.
  if (!(await spendOAuthState(store, hash))) throw new CallbackRefused('state_used');
  if (input.error || !input.code || input.code === 'null')
    throw new CallbackRefused(
      input.error || input.code === 'null' ? 'denied' : 'missing',
      input.error ?? null,
    );
  const code = await storefrontCodeOf(store, row.storefront_id);
  if (!code) throw new CallbackRefused('refused', `storefront ${row.storefront_id} is gone`);
  try {
    return await connectTikTok(store, deps, {
      organizationId: row.organization_id,
      storefront: code,
      appKey: row.app_key,
      appSecret: deps.secrets.open(row.app_secret),
      authCode: input.code,
      apiBase: row.api_base,
      authBase: row.auth_base,
      actor: input.actor ?? `user:${row.user_id}`,
      env: input.env,
    });
  } catch (e) {
    if (e instanceof TikTokError)
      throw new CallbackRefused(e.retryable ? 'tiktok_unreachable' : 'tiktok_refused', e.reason);
    if (e instanceof Refused) throw new CallbackRefused('refused', e.message);
    throw e;
  }
}
