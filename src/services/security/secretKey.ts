import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../../store/openDatabase.ts';
import { sealedSecrets } from '../../store/sealedSecrets.ts';
import { createFileAtomic } from '../atomicFile.ts';
import { ConfigError } from '../loadConfig.ts';
import { SecretBox } from './secrets.ts';

/**
 * The server key that seals storefronts' webhook secrets: PUENTE_SECRET_KEY, else the key file
 * (`puente-data/secret.key`: the base64 of 32 random bytes, mode 0600), made on first start.
 *
 * The file is created whole or not at all (atomicFile.ts). One found empty, cut short or garbled
 * (a disk that filled during an older version's first start) is replaced by a new key when nothing
 * was sealed with it yet; otherwise the server refuses to start with one line saying how to fix it,
 * since a new key would leave every webhook unverifiable. The key itself is never printed.
 */

export const KEY_BYTES = 32;

/** A refusal about the key: one line with the fix (the CLI prints ConfigError messages as they are). */
export class SecretKeyError extends ConfigError {}

export type KeyFile =
  | { state: 'missing' }
  | { state: 'ok'; key: Buffer }
  | { state: 'damaged'; problem: string };

const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** The key in its stored form (base64, standard or URL-safe, surrounding whitespace allowed), or null. */
export function decodeKey(text: string): Buffer | null {
  const t = text.trim();
  if (!BASE64_KEY.test(t)) return null;
  const key = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  return key.length === KEY_BYTES ? key : null;
}

export const encodeKey = (key: Buffer) => `${key.toString('base64')}\n`;

/** What is wrong with text that is not a key, for a person: "is empty (0 of 32 bytes)". */
function describeDamage(text: string): string {
  const t = text.trim();
  if (!t) return `is empty (0 of ${KEY_BYTES} bytes)`;
  if (/^[A-Za-z0-9+/_-]+=*$/.test(t)) {
    const bytes = Buffer.from(t, 'base64').length;
    if (bytes < KEY_BYTES) return `is cut short (${bytes} of ${KEY_BYTES} bytes)`;
  }
  return `is damaged (not the base64 of a ${KEY_BYTES}-byte key)`;
}

export function readKeyFile(file: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  const key = decodeKey(text);
  return key ? { state: 'ok', key } : { state: 'damaged', problem: describeDamage(text) };
}

/**
 * The server's SecretBox. Call it under the start-up lock, after migrations: a damaged file is
 * replaced only after checking that nothing was sealed with it, and no other process may make a
 * key meanwhile. `say` tells the person starting the server what was done or found.
 */
export async function loadSecretBox(
  store: Store,
  o: { file: string; env?: string | undefined; say: (line: string) => void },
): Promise<SecretBox> {
  let key: Buffer | null = null;
  let source = o.file;
  if (o.env) {
    key = decodeKey(o.env);
    source = 'PUENTE_SECRET_KEY';
    if (!key)
      throw new SecretKeyError(
        `PUENTE_SECRET_KEY is not a key: give the base64 of ${KEY_BYTES} bytes (44 characters), e.g. the content of a secret.key file`,
      );
  }
  mkdirSync(dirname(o.file), { recursive: true });
  while (!key) {
    const found = readKeyFile(o.file);
    if (found.state === 'ok') key = found.key;
    else if (found.state === 'missing') createFileAtomic(o.file, encodeKey(randomBytes(KEY_BYTES)));
    else {
      const sealed = new Set((await sealedSecrets(store)).map((s) => s.storefront));
      if (sealed.size > 0)
        throw new SecretKeyError(
          `${o.file} ${found.problem}, and the webhook secrets of ${sealed.size} storefront(s) are sealed with it: restore it from a backup (puente restore) or set PUENTE_SECRET_KEY to the key; if it is lost for good, move the file away and rotate those storefronts' webhook secrets`,
        );
      const aside = `${o.file}.damaged-${Date.now()}`;
      renameSync(o.file, aside);
      o.say(
        `${o.file} ${found.problem}; nothing was sealed with it yet, so a new key was made (the old file is ${aside})`,
      );
    }
  }
  if (source === o.file) chmodSync(o.file, 0o600);
  const box = SecretBox.fromKey(key);
  const unreadable = (await sealedSecrets(store)).filter((s) => box.tryOpen(s.sealed) === null);
  if (unreadable.length > 0)
    o.say(
      `warning: the key in ${source} does not open the webhook secrets of storefront(s) ${[...new Set(unreadable.map((s) => s.storefront))].join(', ')}: their webhooks are answered 503 until the key they were sealed with is back (puente restore, PUENTE_SECRET_KEY) or their secrets are rotated`,
    );
  return box;
}
