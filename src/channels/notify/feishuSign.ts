import { createHmac } from 'node:crypto';

/**
 * The signature of a Feishu (Lark) custom bot with "signature verification" on, exactly as Feishu
 * documents it: the string `timestamp + "\n" + secret` is the HMAC-SHA256 *key*, the message is
 * empty, and the digest is base64. `timestamp` is in seconds and must be within an hour of
 * Feishu's clock.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}
