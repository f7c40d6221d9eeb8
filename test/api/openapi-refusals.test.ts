import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocument } from '../../src/http/apiDocument.ts';
import { ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The refusals the document lists for a route are the ones the server gives: asked without
 * credentials, with a read-only token, and from a session without its CSRF token, every documented
 * operation (a route added later too) answers as its document says. A route whose access is
 * configured one way and documented another fails here by name.
 */
describe('the refusals in the OpenAPI document', () => {
  let server: TestServer;
  let served: OpenAPIV3.Document;
  let owner: ApiClient;
  let readOnly: ApiClient;
  const operations: { method: string; path: string; op: OpenAPIV3.OperationObject }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const token = await owner.post('/api/v1/tokens', { name: 'read-only', scope: 'read' });
    readOnly = ApiClient.withToken(server.url, token.body.token);
    served = (await owner.get('/api/docs/json')).body;
    for (const [path, item] of Object.entries(served.paths))
      for (const [method, op] of Object.entries(item ?? {}))
        operations.push({ method: method.toUpperCase(), path, op: op as OpenAPIV3.OperationObject });
  });
  afterAll(() => server?.close());

  /** The operation at an id that matches nothing, with an empty JSON body on writes. */
  const call = (client: ApiClient, o: (typeof operations)[number], extra: { csrf?: boolean } = {}) =>
    client.send(o.method, o.path.replace(/\{[^}]+\}/g, 'no-such-thing'), {
      ...(o.method === 'GET' ? {} : { body: {} }),
      ...extra,
    });
  const documented = (o: (typeof operations)[number], status: number) =>
    (o.op.responses[status] as OpenAPIV3.ResponseObject | undefined)?.description ?? '';
  const isPublic = (o: (typeof operations)[number]) => o.op.security?.length === 0;

  it('is the document the generated types come from', async () => {
    expect(served).toEqual(await apiDocument());
  });

  it('answers 401 UNAUTHENTICATED where it says so, and only there', async () => {
    for (const o of operations.filter((o) => !isPublic(o))) {
      const answer = await call(new ApiClient(server.url), o);
      expect([answer.status, answer.body.error?.code], `${o.method} ${o.path}`).toEqual([
        401,
        'UNAUTHENTICATED',
      ]);
      expect(documented(o, 401), `${o.method} ${o.path}`).toContain('UNAUTHENTICATED');
    }
  });

  it('refuses a read-only token exactly the operations that document FORBIDDEN', async () => {
    for (const o of operations.filter((o) => !isPublic(o))) {
      const answer = await call(readOnly, o);
      const forbidden = answer.status === 403 && answer.body.error?.code === 'FORBIDDEN';
      expect(forbidden, `${o.method} ${o.path} answered ${answer.status}`).toBe(
        documented(o, 403).includes('FORBIDDEN'),
      );
    }
  });

  it('refuses a session write without X-CSRF-Token wherever it documents CSRF_FAILED', async () => {
    for (const o of operations.filter((o) => !isPublic(o) && o.method !== 'GET')) {
      const answer = await call(owner, o, { csrf: false });
      expect([answer.status, answer.body.error?.code], `${o.method} ${o.path}`).toEqual([403, 'CSRF_FAILED']);
      expect(documented(o, 403), `${o.method} ${o.path}`).toContain('CSRF_FAILED');
    }
  });
});
