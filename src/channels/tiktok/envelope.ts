import { TikTokError, type TikTokFailure } from './errors.ts';

/**
 * Reads TikTok's answer envelope `{code, message, request_id, data}` (reference §3): `code` 0 is
 * success whatever the HTTP status; anything else, or no JSON at all, is a TikTokError.
 */
export interface Envelope {
  code: number;
  message: string;
  request_id?: string;
  data: unknown;
}

export async function readEnvelope(response: Response, path: string): Promise<Envelope> {
  const text = await response.text();
  let body: Partial<Envelope> | null = null;
  try {
    body = JSON.parse(text) as Partial<Envelope>;
  } catch {
    body = null;
  }
  if (!body || typeof body.code !== 'number')
    throw new TikTokError(null, `answered without a TikTok envelope`, { httpStatus: response.status, path });
  if (body.code !== 0)
    throw new TikTokError(body.code, body.message ?? '', {
      httpStatus: response.status,
      requestId: body.request_id,
      path,
    });
  return body as Envelope;
}

/** A network failure or timeout: no answer, so TikTok may be fine; transient unless told otherwise. */
export function noAnswer(error: unknown, path: string, failure: TikTokFailure = 'transient'): TikTokError {
  return new TikTokError(null, (error as Error).message ?? String(error), { httpStatus: 0, path, failure });
}
