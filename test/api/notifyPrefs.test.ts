import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../support/notifyReceivers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * Over the API: each user saves their own e-mail preferences (a viewer too; nobody else's, and an
 * API token has none), and an owner sets the SMTP server, whose password goes in and never comes
 * back, then sends a test e-mail through it to a real SMTP server on loopback.
 */
describe.each(engines)('my notifications and SMTP settings over the API, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let viewer: ApiClient;
  let relay: SmtpReceiver;
  const password = 'relay-password-9f3';

  beforeAll(async () => {
    server = await startTestServer({ engine });
    relay = await startSmtpReceiver({ user: 'puente', pass: password, plain: true });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const made = await owner.post('/api/v1/users', {
      email: 'lin@example.test',
      name: 'Lin',
      role: 'viewer',
      password: 'viewer-password-1',
    });
    expect(made.status).toBe(201);
    viewer = await ApiClient.loggedIn(server.url, 'lin@example.test', 'viewer-password-1');
  });
  afterAll(async () => {
    await relay?.close();
    await server?.close();
  });

  it('lets a viewer read the defaults and save their own choice, and refuses a token', async () => {
    const first = await viewer.get('/api/v1/me/notifications');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      emailAlerts: true,
      kinds: [],
      severity: null,
      language: null,
      digest: true,
      saved: false,
      accountLanguage: null,
      email: 'lin@example.test',
    });
    const saved = await viewer.put('/api/v1/me/notifications', {
      emailAlerts: true,
      kinds: ['oversell', 'ship_by_late'],
      severity: 'warning',
      language: 'zh-CN',
      digest: false,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ kinds: ['oversell', 'ship_by_late'], language: 'zh-CN', saved: true });
    // The owner's own preferences are untouched by the viewer's.
    expect((await owner.get('/api/v1/me/notifications')).body).toMatchObject({ saved: false, digest: true });

    const bad = await viewer.put('/api/v1/me/notifications', {
      emailAlerts: true,
      kinds: ['not_a_kind'],
      severity: null,
      language: null,
      digest: true,
    });
    expect(bad.status).toBe(400);

    const token = await owner.post('/api/v1/tokens', { name: 'erp', scope: 'read' });
    const bot = ApiClient.withToken(server.url, token.body.token);
    const refused = await bot.get('/api/v1/me/notifications');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NOT_A_USER']);
  });

  it('keeps the SMTP password sealed, never returns it, and sends a test e-mail with it', async () => {
    expect((await viewer.get('/api/v1/notify/smtp')).status).toBe(403);
    expect((await owner.get('/api/v1/notify/smtp')).body).toMatchObject({
      source: 'none',
      environment: { set: false },
      settings: null,
    });
    const port = Number(new URL(relay.url).port);
    const saved = await owner.put('/api/v1/notify/smtp', {
      host: '127.0.0.1',
      port,
      username: 'puente',
      password,
      from: 'Shop alerts <alerts@shop.example.test>',
      starttls: false,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      source: 'settings',
      settings: { host: '127.0.0.1', port, username: 'puente', hasPassword: true, starttls: false },
    });
    const read = await owner.get('/api/v1/notify/smtp');
    expect(JSON.stringify(read.body)).not.toContain(password);
    expect(JSON.stringify(saved.body)).not.toContain(password);
    const audit = await server.store.db.selectFrom('audit_log').select('data').execute();
    expect(JSON.stringify(audit)).not.toContain(password);
    const row = await server.store.db.selectFrom('smtp_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.sealed_password).not.toContain(password);

    const badFrom = await owner.put('/api/v1/notify/smtp', {
      host: '127.0.0.1',
      port,
      from: 'not an address',
      starttls: true,
    });
    expect([badFrom.status, badFrom.body.error.code]).toEqual([400, 'BAD_NOTIFY_SETTING']);

    const test = await owner.post('/api/v1/notify/smtp/test', {});
    expect(test.body).toEqual({ sent: true, to: server.owner.email, error: null });
    expect(relay.mails.map((m) => [m.to, m.mail.subject])).toEqual([
      [[server.owner.email], 'Test message from Puente'],
    ]);
  });
});

/** With PUENTE_SMTP_URL set on the server, it wins, and the answer says so. */
describe('the environment’s SMTP server wins over Settings', () => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({
      env: { PUENTE_SMTP_URL: smtp.url, PUENTE_MAIL_FROM: 'Env <env@example.test>' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('reports the environment in use and sends the test e-mail through it, over STARTTLS', async () => {
    const owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const saved = await owner.put('/api/v1/notify/smtp', {
      host: 'smtp.unused.example.test',
      port: 587,
      from: 'Settings <settings@example.test>',
      starttls: true,
    });
    expect(saved.body).toMatchObject({
      source: 'environment',
      environment: { set: true, from: 'Env <env@example.test>' },
    });
    expect(JSON.stringify(saved.body)).not.toContain('?tls');
    const test = await owner.post('/api/v1/notify/smtp/test', { to: 'ops@example.test' });
    expect(test.body).toMatchObject({ sent: true });
    expect(smtp.mails.map((m) => [m.to, m.secure, m.mail.from?.text])).toEqual([
      [['ops@example.test'], true, '"Env" <env@example.test>'],
    ]);
  });
});
