// The Slack and SMTP clients are loaded when a message is sent (below), not by every command.
import type { IncomingWebhookHTTPError, IncomingWebhookSendArguments } from '@slack/webhook';
import {
  emailParts,
  feishuCard,
  slackBlocks,
  webhookBody,
  wecomMarkdown,
} from '../../domain/notify/channelMessages.ts';
import type { Notice } from '../../domain/notify/notice.ts';
import { retryableStatus, type SendOutcome } from '../../domain/notify/retry.ts';
import { signWebhook } from '../../http/routes/webhooks.ts';
import { feishuSign } from './feishuSign.ts';
import { postJson, SEND_TIMEOUT_MS } from './postJson.ts';

/**
 * Sends one notice through one channel. Feishu and WeCom get a plain signed POST: their official
 * Node SDKs (@larksuiteoapi/node-sdk, the WeCom server SDKs) cover apps with app credentials, not
 * custom group bots, and would bring a large client for one POST. Slack goes through
 * `@slack/webhook`, e-mail through nodemailer over SMTP with STARTTLS, and the generic webhook is
 * signed with Puente's own scheme (X-Puente-Timestamp / X-Puente-Signature, as routes/webhooks.ts
 * checks it). Every base URL is the one the user gave: nothing points at a vendor host.
 */

export interface ChannelTarget {
  kind: 'feishu' | 'wecom' | 'slack' | 'email' | 'webhook';
  name: string;
  language: string;
  /** Webhook URL; for e-mail an optional SMTP URL overriding PUENTE_SMTP_URL. */
  url: string | null;
  secret: string | null;
  recipients: string[];
}

export interface MailSettings {
  /** smtp://user:pass@host:port (STARTTLS required) or smtps:// (TLS from the start). */
  smtpUrl: string | null;
  from: string;
}

export function mailSettingsFrom(env: NodeJS.ProcessEnv): MailSettings {
  return { smtpUrl: env.PUENTE_SMTP_URL ?? null, from: env.PUENTE_MAIL_FROM ?? 'Puente <puente@localhost>' };
}

export interface SendContext {
  mail: MailSettings;
  /** The generic webhook's event name and alert body; ids let receivers drop repeats. */
  event: string;
  alert: Record<string, unknown> | null;
  deliveryId: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** Feishu answers HTTP 200 with `code` ≠ 0 when it refuses; 11232 is its rate limit. */
const feishuCheck = (j: Record<string, unknown>): SendOutcome => {
  const code = Number(j.code ?? j.StatusCode ?? 0);
  if (code === 0) return { ok: true };
  return {
    ok: false,
    retry: code === 11232,
    error: `Feishu code ${code}: ${String(j.msg ?? j.StatusMessage ?? '')}`,
  };
};

/** WeCom answers HTTP 200 with `errcode` ≠ 0 when it refuses; 45009 is its rate limit. */
const wecomCheck = (j: Record<string, unknown>): SendOutcome => {
  const code = Number(j.errcode ?? 0);
  if (code === 0) return { ok: true };
  return { ok: false, retry: code === 45009, error: `WeCom errcode ${code}: ${String(j.errmsg ?? '')}` };
};

export async function sendNotice(
  target: ChannelTarget,
  notice: Notice,
  c: SendContext,
): Promise<SendOutcome> {
  const timeoutMs = c.timeoutMs ?? SEND_TIMEOUT_MS;
  const now = c.now ?? (() => new Date());
  switch (target.kind) {
    case 'feishu': {
      const body: Record<string, unknown> = feishuCard(notice);
      if (target.secret) {
        const timestamp = Math.floor(now().getTime() / 1000);
        body.timestamp = String(timestamp);
        body.sign = feishuSign(timestamp, target.secret);
      }
      return postJson(target.url as string, body, { timeoutMs, check: feishuCheck });
    }
    case 'wecom':
      return postJson(target.url as string, wecomMarkdown(notice), { timeoutMs, check: wecomCheck });
    case 'slack':
      return sendSlack(target.url as string, notice, timeoutMs);
    case 'email':
      return sendMail(target, notice, c.mail, timeoutMs);
    case 'webhook': {
      const raw = JSON.stringify(webhookBody(c.event, c.alert, notice));
      const timestamp = Math.floor(now().getTime() / 1000);
      const headers: Record<string, string> = {
        'x-puente-event': c.event,
        'x-puente-delivery': c.deliveryId,
        'x-puente-timestamp': String(timestamp),
      };
      if (target.secret) headers['x-puente-signature'] = signWebhook(target.secret, timestamp, raw);
      return postJson(target.url as string, raw, { timeoutMs, headers });
    }
  }
}

async function sendSlack(url: string, notice: Notice, timeoutMs: number): Promise<SendOutcome> {
  const { ErrorCode, IncomingWebhook } = await import('@slack/webhook');
  try {
    await new IncomingWebhook(url, { timeout: timeoutMs }).send(
      slackBlocks(notice) as IncomingWebhookSendArguments,
    );
    return { ok: true };
  } catch (error) {
    const e = error as { code?: string; statusCode?: number; body?: string; message: string };
    if (e.code === ErrorCode.HTTPError) {
      const http = error as IncomingWebhookHTTPError;
      return {
        ok: false,
        retry: retryableStatus(http.statusCode),
        error: `HTTP ${http.statusCode}${http.body ? `: ${String(http.body).slice(0, 200)}` : ''}`,
      };
    }
    // No answer (refused, reset, timed out): worth another try. The message never holds the URL.
    return { ok: false, retry: true, error: 'no answer from Slack (network error or timeout)' };
  }
}

function sendMail(
  target: ChannelTarget,
  notice: Notice,
  mail: MailSettings,
  timeoutMs: number,
): Promise<SendOutcome> {
  return sendMailParts(target, emailParts(notice, target.language), mail, timeoutMs);
}

/** One e-mail (subject, text and HTML parts) to an e-mail channel's recipients: alerts and digests. */
export async function sendMailParts(
  target: ChannelTarget,
  parts: { subject: string; text: string; html: string },
  mail: MailSettings,
  timeoutMs: number,
): Promise<SendOutcome> {
  const smtpUrl = target.url ?? mail.smtpUrl;
  if (!smtpUrl) return { ok: false, retry: false, error: 'no SMTP server: set PUENTE_SMTP_URL' };
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    ...smtpOptions(smtpUrl),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({
      from: mail.from,
      to: target.recipients,
      subject: parts.subject,
      text: parts.text,
      html: parts.html,
      headers: { 'Content-Language': target.language },
    });
    return { ok: true };
  } catch (error) {
    const e = error as { responseCode?: number; code?: string; message: string };
    // 4xx SMTP replies and connection trouble are transient; 5xx replies are refusals.
    const retry = e.responseCode ? e.responseCode < 500 : true;
    return { ok: false, retry, error: `SMTP: ${e.message.replace(/\/\/[^@\s]*@/g, '//…@').slice(0, 300)}` };
  } finally {
    transport.close();
  }
}

/**
 * The SMTP URL as nodemailer options, STARTTLS required on smtp:// so that no alert (or password)
 * crosses the network in clear; `?requireTLS=false` turns that off for a relay that has no TLS,
 * and `?tls.rejectUnauthorized=false` accepts a self-signed certificate.
 */
function smtpOptions(url: string) {
  const u = new URL(url);
  const q = u.searchParams;
  return {
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
    secure: u.protocol === 'smtps:',
    requireTLS: u.protocol === 'smtps:' ? false : q.get('requireTLS') !== 'false',
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    tls: { rejectUnauthorized: q.get('tls.rejectUnauthorized') !== 'false' },
  };
}
