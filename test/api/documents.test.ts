import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * Documents for invitation categories [P6] through the API: uploaded as multipart with their dates,
 * listed without their bytes, downloaded back as they were, refused in the reader's language when
 * a field is wrong, and refused with 413 over 10 MB — never a 5xx.
 */
describe.each(engines)('launch documents over the API, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  const upload = (fields: Record<string, string>, file: Blob | null, name = 'aviso.pdf', lang?: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('file', file, name);
    return owner.send('POST', '/api/v1/documents', {
      raw: form,
      headers: lang ? { 'accept-language': lang } : {},
    });
  };
  const notice = { kind: 'cofepris_operation_notice', issuedOn: '2025-06-01', expiresOn: '2027-06-01' };
  const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10]);

  beforeAll(async () => {
    server = await startTestServer({ engine });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  }, 60_000);
  afterAll(() => server?.close());

  it('stores the file, lists it without its bytes and gives it back byte for byte', async () => {
    const sent = await upload(
      { ...notice, category: 'beauty.personal_care' },
      new Blob([bytes]),
      'Aviso COFEPRIS 墨西哥.pdf',
    );
    expect(sent.status).toBe(201);
    const id = sent.body.document.id as string;
    expect(sent.body.document).toMatchObject({
      sizeBytes: 8,
      fileName: 'Aviso COFEPRIS 墨西哥.pdf',
      expiresOn: '2027-06-01',
    });
    const list = await owner.get('/api/v1/documents');
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(list.body.items[0]).not.toHaveProperty('content');
    // Bytes, not text: fetched with a read token as a script would.
    const token = (await owner.post('/api/v1/tokens', { name: 'download', scope: 'read' })).body.token;
    const file = await fetch(`${server.url}/api/v1/documents/${id}/file`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''Aviso%20COFEPRIS%20");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect((await owner.delete(`/api/v1/documents/${id}`)).status).toBe(200);
    expect((await owner.delete(`/api/v1/documents/${id}`)).status).toBe(404);
  });

  it('refuses a document the program does not ask for, in the reader’s language, naming the field', async () => {
    const answer = await upload({ ...notice, kind: 'passport' }, new Blob([bytes]), 'x.pdf', 'es-MX');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toMatch(/^kind: "passport" no es un documento que pida el programa/);
    const noFile = await upload(notice, null);
    expect([noFile.status, noFile.body.error.code]).toEqual([400, 'FILE_REQUIRED']);
  });

  it('refuses a file over 10 MB with 413 and keeps nothing of it', async () => {
    const before = (await owner.get('/api/v1/documents')).body.items.length;
    const big = await upload(notice, new Blob([new Uint8Array(10 * 1024 * 1024 + 1)]));
    expect([big.status, big.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect((await owner.get('/api/v1/documents')).body.items.length).toBe(before);
  });
});
