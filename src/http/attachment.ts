import { create as createDisposition } from 'content-disposition';

/**
 * A download keeps the name people gave it, Chinese or accented (RFC 6266 `filename*`, RFC 5987),
 * with an ASCII `filename` for clients that read only that one: the English name when there is one,
 * else the name with accents dropped and the rest `_`.
 */
export function attachment(name: string, englishName?: string): string {
  const ascii = (englishName ?? name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
  return createDisposition(name, { fallback: ascii });
}
