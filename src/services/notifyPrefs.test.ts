import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../test/support/notifyReceivers.ts';
import { oversellOrder, workerContext } from '../../test/support/notifyWorld.ts';
import { seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { updateUser } from '../store/accounts.ts';
import { queueDigestDeliveries } from '../store/notifyOutbox.ts';
import { inTransaction } from '../store/transaction.ts';
import { createUser } from './accounts.ts';
import { addChannel } from './notifyChannels.ts';
import { saveMyNotifyPrefs, saveSmtp, sendTestMail } from './notifyPrefs.ts';
import { deliverDue, deliveries, NO_READER } from './notifyWorker.ts';
import { SecretBox } from './security/secrets.ts';

/**
 * Each user's own e-mail preferences and the SMTP server set in Settings, against a real SMTP
 * server on loopback (smtp-server, parsed with mailparser): an e-mail channel sent to a role writes
 * to each of its users in their language, only what they chose; the digest to those who want it.
 */
describe.each(engines)('users’ e-mail preferences and SMTP settings on %s', (engine) => {
  let store: TestStore;
  let smtp: SmtpReceiver;
  const secrets = SecretBox.fromKey(randomBytes(32));
  const ctx = () => workerContext(secrets, smtp.url);

  beforeAll(async () => {
    store = await freshStore(engine);
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp?.close();
    await store?.dispose();
  });

  const user = async (org: string, email: string, role: 'operator' | 'viewer', locale: string | null) => {
    const u = await createUser(store, {
      organizationId: org,
      email,
      name: email,
      role,
      password: 'pw-long-enough-1',
    });
    if (locale) await updateUser(store, org, u.id, { locale });
    return u;
  };

  it('writes to each user of the role in their language, only the alerts and digest they chose', async () => {
    const s = await seedSeller(store);
    await user(s.org, 'li@example.test', 'operator', 'zh-CN');
    const ana = await user(s.org, 'ana@example.test', 'operator', 'en');
    const max = await user(s.org, 'max@example.test', 'operator', null);
    await user(s.org, 'vic@example.test', 'viewer', 'en');
    // Ana: oversell only, in Spanish, no digest. Max: no alert e-mails (the digest stays on).
    await saveMyNotifyPrefs(store, {
      organizationId: s.org,
      userId: ana.id,
      actor: 'user:ana@example.test',
      prefs: { emailAlerts: true, kinds: ['oversell'], severity: null, language: 'es-MX', digest: false },
    });
    await saveMyNotifyPrefs(store, {
      organizationId: s.org,
      userId: max.id,
      actor: 'user:max@example.test',
      prefs: { emailAlerts: false, kinds: [], severity: null, language: null, digest: true },
    });
    await addChannel(store, secrets, {
      organizationId: s.org,
      actor: 'test',
      input: {
        kind: 'email',
        name: 'Operators',
        to: 'ops@example.test',
        roles: ['operator'],
        language: 'en',
      },
    });
    const before = smtp.mails.length;
    await oversellOrder(store, s.org, 'PREFS-1');
    expect(await deliverDue(store, ctx(), new Date())).toMatchObject({ sent: 1, failed: 0 });
    const alertMails = smtp.mails.slice(before).map((m) => ({ to: m.to, subject: m.mail.subject }));
    expect(alertMails).toEqual([
      { to: ['ops@example.test'], subject: 'Oversell · A' },
      { to: ['ana@example.test'], subject: 'Sobreventa · A' },
      { to: ['li@example.test'], subject: '超卖 · A' },
    ]);
    expect(smtp.mails.slice(before).every((m) => m.secure)).toBe(true);
    expect(smtp.mails.at(-2)?.mail.text).toContain('https://puente.example.test/inventory?sku=A');

    // The morning digest: Ana opted out; Max, without alert e-mails, still gets it (account: none → channel's).
    const mid = smtp.mails.length;
    await inTransaction(store, (trx) =>
      queueDigestDeliveries(trx, s.org, { warehouse: 'TX', day: '2026-12-01', at: new Date().toISOString() }),
    );
    expect(await deliverDue(store, ctx(), new Date())).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.mails.slice(mid).map((m) => m.to)).toEqual([
      ['ops@example.test', 'max@example.test'],
      ['li@example.test'],
    ]);
    const log = await deliveries(store, s.org, { limit: 10 });
    expect(log.map((d) => [d.reason, d.status, d.digest ? JSON.parse(d.digest).warehouse : null])).toEqual([
      ['digest', 'sent', 'TX'],
      ['raised', 'sent', null],
    ]);
  });

  it('sends nothing, and says why, when every user of the role turned the alert off', async () => {
    const s = await seedSeller(store);
    const only = await user(s.org, 'solo@example.test', 'operator', 'en');
    await saveMyNotifyPrefs(store, {
      organizationId: s.org,
      userId: only.id,
      actor: 'user:solo@example.test',
      prefs: { emailAlerts: true, kinds: ['low_stock'], severity: null, language: null, digest: true },
    });
    await addChannel(store, secrets, {
      organizationId: s.org,
      actor: 'test',
      input: { kind: 'email', name: 'Ops by role', roles: ['operator'] },
    });
    const before = smtp.mails.length;
    await oversellOrder(store, s.org, 'PREFS-2');
    await deliverDue(store, ctx(), new Date());
    expect(smtp.mails.length).toBe(before);
    const [d] = await deliveries(store, s.org, { limit: 1 });
    expect([d?.status, d?.last_error]).toEqual(['sent', NO_READER]);
  });

  it('sends through the SMTP server set in Settings when the environment names none, password sealed', async () => {
    const s = await seedSeller(store);
    const relay = await startSmtpReceiver({ user: 'puente', pass: 'relay-pass', plain: true });
    try {
      const port = Number(new URL(relay.url).port);
      const none = { smtpUrl: null, from: 'Puente <env@example.test>' };
      const view = await saveSmtp(store, secrets, {
        organizationId: s.org,
        actor: 'test',
        env: none,
        input: {
          host: '127.0.0.1',
          port,
          username: 'puente',
          password: 'relay-pass',
          from: 'Ops <ops@shop.example.test>',
          starttls: true,
        },
      });
      expect(view.source).toBe('settings');
      expect(JSON.stringify(view)).not.toContain('relay-pass');
      const row = await store.db.selectFrom('smtp_settings').selectAll().executeTakeFirstOrThrow();
      expect(row.sealed_password).not.toContain('relay-pass');

      // STARTTLS is required and this relay offers none: refused, not sent in clear.
      const refused = await sendTestMail(store, secrets, {
        organizationId: s.org,
        to: 'me@example.test',
        language: 'es-MX',
        publicUrl: 'https://puente.example.test',
        env: none,
      });
      expect(refused.ok).toBe(false);
      expect(relay.mails).toHaveLength(0);

      // Turned off for this relay (the password is kept when left out): the test e-mail arrives.
      await saveSmtp(store, secrets, {
        organizationId: s.org,
        actor: 'test',
        env: none,
        input: {
          host: '127.0.0.1',
          port,
          username: 'puente',
          from: 'Ops <ops@shop.example.test>',
          starttls: false,
        },
      });
      const sent = await sendTestMail(store, secrets, {
        organizationId: s.org,
        to: 'me@example.test',
        language: 'es-MX',
        publicUrl: 'https://puente.example.test',
        env: none,
      });
      expect(sent).toEqual({ ok: true });
      expect(relay.mails.map((m) => [m.to, m.mail.from?.text, m.mail.subject])).toEqual([
        [['me@example.test'], '"Ops" <ops@shop.example.test>', 'Mensaje de prueba de Puente'],
      ]);

      // The environment's server wins: the same test goes to it, not to the relay.
      const before = smtp.mails.length;
      await sendTestMail(store, secrets, {
        organizationId: s.org,
        to: 'me@example.test',
        language: 'en',
        publicUrl: 'https://puente.example.test',
        env: ctx().mail,
      });
      expect([relay.mails.length, smtp.mails.length - before]).toEqual([1, 1]);
    } finally {
      await relay.close();
    }
  });

  it('keeps retrying a delivery whose receiver answers with a NUL byte, instead of leaving it claimed', async () => {
    const s = await seedSeller(store);
    let calls = 0;
    const nul: Server = createServer((_req, res) => {
      calls++;
      res.writeHead(502, { 'content-type': 'application/octet-stream' }).end('bad\u0000gateway');
    });
    await new Promise<void>((r) => nul.listen(0, '127.0.0.1', r));
    try {
      const { port } = nul.address() as AddressInfo;
      await addChannel(store, secrets, {
        organizationId: s.org,
        actor: 'test',
        input: { kind: 'webhook', name: 'Proxy', url: `http://127.0.0.1:${port}/hook` },
      });
      await oversellOrder(store, s.org, 'NUL-1');
      const t0 = new Date();
      expect(await deliverDue(store, ctx(), t0)).toMatchObject({ retrying: 1 });
      const [d] = await deliveries(store, s.org, { limit: 1 });
      expect([d?.status, d?.attempts, d?.claimed_by, d?.last_error]).toEqual([
        'pending',
        1,
        null,
        'HTTP 502: bad\ufffdgateway',
      ]);
      // Due again after its backoff, not after a claim runs out.
      await deliverDue(store, ctx(), new Date(t0.getTime() + 31_000));
      expect(calls).toBe(2);
    } finally {
      await new Promise<void>((r) => nul.close(() => r()));
    }
  });
});
