import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Real protocol endpoints on loopback for notification tests: an SMTP server that speaks STARTTLS
 * and parses each mail with mailparser, and HTTP receivers that answer as Feishu, WeCom, Slack or a
 * generic webhook would. They check what a real one checks (the Feishu signature, computed here
 * from Feishu's documentation, not from Puente's code), answer 429/5xx when told to, and record
 * every request. Every port is ephemeral.
 */

export interface ReceivedMail {
  mail: ParsedMail;
  /** Whether the client upgraded to TLS (STARTTLS) before sending. */
  secure: boolean;
  to: string[];
}

export interface SmtpReceiver {
  /** For PUENTE_SMTP_URL; the built-in certificate is self-signed, so the URL accepts it. */
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(
  o: {
    user?: string;
    pass?: string;
    /** A relay without TLS (no STARTTLS offered), as on a private network. */
    plain?: boolean;
  } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    ...(o.plain ? { hideSTARTTLS: true, allowInsecureAuth: true } : {}),
    // No key/cert given: smtp-server offers STARTTLS with its built-in self-signed certificate.
    authOptional: !o.user,
    disabledCommands: o.user ? [] : ['AUTH'],
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === o.user && auth.password === o.pass) return done(null, { user: auth.username });
      return done(new Error('bad credentials'));
    },
    onData(stream, session, done) {
      // Recorded before the 250 reply: when the sender's sendMail resolves, the mail is here.
      simpleParser(stream)
        .then((mail) => {
          mails.push({ mail, secure: session.secure, to: session.envelope.rcptTo.map((r) => r.address) });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const auth = o.user ? `${encodeURIComponent(o.user)}:${encodeURIComponent(o.pass ?? '')}@` : '';
  return {
    url: `smtp://${auth}127.0.0.1:${port}?tls.rejectUnauthorized=false`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
  /** Answered with: the status, and whether the platform would have taken the message. */
  status: number;
  accepted: boolean;
}

export interface HttpReceiver {
  url: string;
  /** Requests the platform took (2xx and, for Feishu, a valid signature). */
  accepted(): ReceivedRequest[];
  all: ReceivedRequest[];
  /** The next requests are answered with these statuses (429, 500, 503…), in order. */
  failNext(...statuses: number[]): void;
  /** Every request is answered with this status until set back to null. */
  failAlways(status: number | null): void;
  close(): Promise<void>;
}

export type ReceiverKind = 'feishu' | 'wecom' | 'slack' | 'webhook';

/**
 * Feishu's documented check for a custom bot with signature verification: HMAC-SHA256 keyed with
 * `timestamp + "\n" + secret` over an empty message, base64; the timestamp within an hour.
 */
function feishuSignatureValid(body: Record<string, unknown>, secret: string, now: number): boolean {
  const timestamp = String(body.timestamp ?? '');
  const sign = String(body.sign ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > 3600) return false;
  const expected = createHmac('sha256', `${timestamp}\n${secret}`).digest('base64');
  const a = Buffer.from(sign);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHttpReceiver(
  kind: ReceiverKind,
  o: { feishuSecret?: string } = {},
): Promise<HttpReceiver> {
  const all: ReceivedRequest[] = [];
  const queued: number[] = [];
  let always: number | null = null;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {}
      const failing = queued.shift() ?? always;
      const record = (status: number, accepted: boolean) =>
        all.push({ path: request.url ?? '', headers: request.headers, raw, body, status, accepted });
      if (failing) {
        record(failing, false);
        response.writeHead(failing, { 'content-type': 'text/plain' }).end('try again later');
        return;
      }
      if (kind === 'feishu') {
        if (o.feishuSecret && !feishuSignatureValid(body, o.feishuSecret, Date.now())) {
          record(200, false);
          response.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              code: 19021,
              msg: 'sign match fail or timestamp is not within one hour from current time',
              data: {},
            }),
          );
          return;
        }
        record(200, true);
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 0, msg: 'success', data: {} }));
        return;
      }
      if (kind === 'wecom') {
        record(200, true);
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
        return;
      }
      record(200, true);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const paths = {
    feishu: '/open-apis/bot/v2/hook/test-token',
    wecom: '/cgi-bin/webhook/send?key=test-key',
    slack: '/services/T0/B0/secret',
    webhook: '/hooks/puente',
  };
  return {
    url: `http://127.0.0.1:${port}${paths[kind]}`,
    all,
    accepted: () => all.filter((r) => r.accepted),
    failNext: (...statuses) => queued.push(...statuses),
    failAlways: (status) => {
      always = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
