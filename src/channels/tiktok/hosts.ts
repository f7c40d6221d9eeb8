/** TikTok Shop's production hosts (reference §1); the sandbox hosts stopped working at v202309. */
export const TIKTOK_API_BASE = 'https://open-api.tiktokglobalshop.com';
export const TIKTOK_AUTH_BASE = 'https://auth.tiktok-shops.com';

/** The hosts a new connection uses: PUENTE_TIKTOK_API_BASE / _AUTH_BASE (a fake, a proxy), else TikTok's. */
export function defaultBases(env: NodeJS.ProcessEnv = process.env): { apiBase: string; authBase: string } {
  return {
    apiBase: env.PUENTE_TIKTOK_API_BASE || TIKTOK_API_BASE,
    authBase: env.PUENTE_TIKTOK_AUTH_BASE || TIKTOK_AUTH_BASE,
  };
}

/** A base URL without its trailing slash, or an error naming the option. */
export function baseUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${option}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${option}: "${value}" is not http(s)`);
  return url.toString().replace(/\/+$/, '');
}
