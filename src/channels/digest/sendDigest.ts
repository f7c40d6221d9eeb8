import type { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import { retryableStatus, type SendOutcome } from '../../domain/notify/retry.ts';
import { signWebhook } from '../../http/routes/webhooks.ts';
import { feishuSign } from '../notify/feishuSign.ts';
import { postJson, SEND_TIMEOUT_MS } from '../notify/postJson.ts';
import { type ChannelTarget, type MailSettings, sendMailParts } from '../notify/sendNotice.ts';
import { digestEmail, digestFeishu, digestPlainText, digestSlack, digestWeCom } from './digestFormats.ts';
import type { DigestView } from './digestView.ts';

/**
 * Sends one morning digest through one channel, laid out for its kind (digestFormats.ts) and with
 * the same transports, signatures and answers as an alert's notice (channels/notify/sendNotice.ts):
 * a Feishu card, WeCom markdown, Slack Block Kit, an e-mail, or the generic webhook's signed JSON
 * (event `digest`, with the plain text).
 */
export async function sendDigest(
  target: ChannelTarget,
  view: DigestView,
  c: { mail: MailSettings; deliveryId: string; timeoutMs?: number; now?: () => Date },
): Promise<SendOutcome> {
  const timeoutMs = c.timeoutMs ?? SEND_TIMEOUT_MS;
  const now = c.now ?? (() => new Date());
  switch (target.kind) {
    case 'feishu': {
      const body: Record<string, unknown> = digestFeishu(view);
      if (target.secret) {
        const timestamp = Math.floor(now().getTime() / 1000);
        body.timestamp = String(timestamp);
        body.sign = feishuSign(timestamp, target.secret);
      }
      return postJson(target.url as string, body, {
        timeoutMs,
        check: (j) =>
          Number(j.code ?? 0) === 0
            ? { ok: true }
            : {
                ok: false,
                retry: Number(j.code) === 11232,
                error: `Feishu code ${j.code}: ${String(j.msg ?? '')}`,
              },
      });
    }
    case 'wecom':
      return postJson(target.url as string, digestWeCom(view), {
        timeoutMs,
        check: (j) =>
          Number(j.errcode ?? 0) === 0
            ? { ok: true }
            : {
                ok: false,
                retry: Number(j.errcode) === 45009,
                error: `WeCom errcode ${j.errcode}: ${String(j.errmsg ?? '')}`,
              },
      });
    case 'slack': {
      // Loaded when a digest goes to Slack, not by every command.
      const slack = await import('@slack/webhook');
      try {
        await new slack.IncomingWebhook(target.url as string, { timeout: timeoutMs }).send(
          digestSlack(view) as Parameters<IncomingWebhook['send']>[0],
        );
        return { ok: true };
      } catch (error) {
        if ((error as { code?: string }).code === slack.ErrorCode.HTTPError) {
          const http = error as IncomingWebhookHTTPError;
          return { ok: false, retry: retryableStatus(http.statusCode), error: `HTTP ${http.statusCode}` };
        }
        return { ok: false, retry: true, error: 'no answer from Slack (network error or timeout)' };
      }
    }
    case 'email':
      return mailDigest(target, view, c.mail, timeoutMs);
    case 'webhook': {
      const raw = JSON.stringify({
        event: 'digest',
        lang: view.lang,
        title: view.title,
        text: digestPlainText(view),
        url: view.link.url,
      });
      const timestamp = Math.floor(now().getTime() / 1000);
      const headers: Record<string, string> = {
        'x-puente-event': 'digest',
        'x-puente-delivery': c.deliveryId,
        'x-puente-timestamp': String(timestamp),
      };
      if (target.secret) headers['x-puente-signature'] = signWebhook(target.secret, timestamp, raw);
      return postJson(target.url as string, raw, { timeoutMs, headers });
    }
  }
}

function mailDigest(
  target: ChannelTarget,
  view: DigestView,
  mail: MailSettings,
  timeoutMs: number,
): Promise<SendOutcome> {
  return sendMailParts(target, digestEmail(view), mail, timeoutMs);
}
