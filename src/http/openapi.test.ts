import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponses, sharedErrors } from './openapi.ts';

describe('the error answers a route documents', () => {
  it('lists for an idempotent admin write the access, CSRF, body and idempotency refusals', () => {
    const errors = sharedErrors({
      method: 'POST',
      config: { access: 'admin', idempotent: true },
      schema: { body: z.object({ code: z.string() }) },
    });
    expect(Object.keys(errors)).toEqual(['400', '401', '403', '409', '413', '415', '422', '503', '507']);
    expect(errors[403]).toBe(
      'FORBIDDEN: this needs admin access; CSRF_FAILED: a session without its X-CSRF-Token header',
    );
    expect(errors[400]).toContain('BAD_IDEMPOTENCY_KEY');
  });

  it('lists for a read-only list no 403, and the cursor refusal', () => {
    const errors = sharedErrors({
      method: 'GET',
      config: {},
      schema: { querystring: z.object({ cursor: z.string().optional() }) },
    });
    expect(Object.keys(errors)).toEqual(['400', '401', '503']);
    expect(errors[400]).toContain('BAD_CURSOR');
  });

  it('lists for a public route no 401 or 403: its own refusals say how it authenticates', () => {
    const responses = errorResponses({
      method: 'POST',
      config: { access: 'public' },
      schema: { errors: { 401: 'SIGNATURE_INVALID: the signature does not match' } },
    });
    expect(responses[401]?.description).toBe('SIGNATURE_INVALID: the signature does not match');
    expect(responses[403]).toBeUndefined();
  });

  it('puts the route’s own refusals first and says an entry both give once', () => {
    const responses = errorResponses({
      method: 'POST',
      config: {},
      schema: { errors: { 400: 'BODY_REQUIRED: no body; BAD_JSON: the body is not JSON' } },
    });
    expect(responses[400]?.description).toBe(
      'BODY_REQUIRED: no body; BAD_JSON: the body is not JSON; BAD_URL: the URL is malformed or contains a control character',
    );
    expect(responses[503]?.headers).toHaveProperty('Retry-After');
  });
});
