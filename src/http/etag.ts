import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

/** Config resources carry a version; the ETag is `"v<version>"` and an edit must send it back in If-Match. */
export const etagOf = (version: number) => `"v${version}"`;

export function sendEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', etagOf(version));
}

/** The version the client edited; 428 when it did not say which. */
export function expectedVersion(request: FastifyRequest): number | null {
  const sent = request.headers['if-match'];
  if (!sent)
    throw new ApiError(428, 'PRECONDITION_REQUIRED', 'send If-Match with the ETag of the version you edited');
  // `*` edits whatever version is there; If-Match compares strong ETags only (RFC 9110 13.1.1).
  if (sent.trim() === '*') return null;
  // Versions are 32-bit integer columns: nine digits is more edits than any row will see.
  const version = /^"v(\d{1,9})"$/.exec(sent.trim())?.[1];
  if (!version)
    throw new ApiError(412, 'PRECONDITION_FAILED', `If-Match ${sent} is not an ETag this API gave out`);
  return Number(version);
}

export const staleEdit = () =>
  new ApiError(
    412,
    'PRECONDITION_FAILED',
    'someone changed this since you loaded it: reload and apply your change again',
  );
