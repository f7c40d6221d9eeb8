import type { FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/messages.ts';

/** `zh-CN`, `es-MX`, `en-US;q=0.8`… as one of Puente's three languages, or null for any other. */
function langOfTag(tag: string): Lang | null {
  const primary = tag.trim().split(/[-_;]/)[0]?.toLowerCase();
  return primary === 'zh' ? 'zh' : primary === 'es' ? 'es' : primary === 'en' ? 'en' : null;
}

/** The first of Puente's languages an Accept-Language header asks for, by its q-weights. */
export function acceptedLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const q = /;\s*q=([0-9.]+)/.exec(part);
      return { lang: langOfTag(part), q: q ? Number(q[1]) : 1, order };
    })
    .filter((x): x is { lang: Lang; q: number; order: number } => x.lang !== null && x.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.lang ?? null;
}

/**
 * The language to answer a person in: what the request asks for (the dashboard sends its own
 * language as Accept-Language), else the account's language, else English.
 */
export function requestLanguage(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  return (
    acceptedLanguage(Array.isArray(header) ? header.join(',') : header) ??
    langOfTag(request.principal?.locale ?? '') ??
    'en'
  );
}
