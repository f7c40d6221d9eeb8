import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { startTestServer } from '../support/server.ts';

/** POST over HTTPS trusting a self-signed certificate (fetch cannot be told to). */
function postJson(url: string, body: unknown): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('behind HTTPS', () => {
  it('serves TLS itself from PUENTE_TLS_KEY/CERT and marks the session cookie Secure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'puente-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const server = await startTestServer({ env: { PUENTE_TLS_KEY: key, PUENTE_TLS_CERT: cert } });
    try {
      expect(server.url).toMatch(/^https:/);
      const answer = await postJson(`${server.url}/api/v1/auth/login`, server.owner);
      expect(answer.status).toBe(200);
      expect(String(answer.headers['set-cookie'])).toMatch(/; Secure/i);
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=15552000/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trusts X-Forwarded-Proto from a reverse proxy when PUENTE_TRUST_PROXY is set', async () => {
    const server = await startTestServer({ env: { PUENTE_TRUST_PROXY: '1' } });
    try {
      const viaProxy = await new ApiClient(server.url).send('POST', '/api/v1/auth/login', {
        body: server.owner,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await server.close();
    }
  });
});
