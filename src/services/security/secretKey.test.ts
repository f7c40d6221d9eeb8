import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedSeller } from '../../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../../test/support/stores.ts';
import { updateStorefront } from '../../store/settings.ts';
import { decodeKey, loadSecretBox, SecretKeyError } from './secretKey.ts';
import { SecretBox } from './secrets.ts';

/**
 * The key file as a full disk, a crash or a bad copy leave it: empty, cut short, garbled. With
 * nothing sealed yet a new key is made (the old file kept aside); with webhook secrets sealed the
 * start stops with one line saying how to fix it. The key itself never appears in a message.
 */

const aKey = () => randomBytes(32).toString('base64');
const damaged = {
  empty: { content: '', problem: 'is empty (0 of 32 bytes)' },
  'cut short': { content: aKey().slice(0, 24), problem: 'is cut short (18 of 32 bytes)' },
  garbled: {
    content: '\u0000\u0000\u0000 not a key at all!',
    problem: 'is damaged (not the base64 of a 32-byte key)',
  },
};

describe.each(engines)('the secret key file on %s', (engine) => {
  let store: TestStore;
  let dir: string;
  let file: string;
  let said: string[];
  const load = (env?: string) => loadSecretBox(store, { file, env, say: (l) => said.push(l) });

  beforeEach(async () => {
    store = await freshStore(engine);
    dir = mkdtempSync(join(tmpdir(), 'puente-key-'));
    file = join(dir, 'puente-data', 'secret.key');
    said = [];
  });
  afterEach(async () => {
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is made on first start, 0600, and read back the same afterwards', async () => {
    const first = await load();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeKey(readFileSync(file, 'latin1'))).toHaveLength(32);
    // No temp file is left beside it.
    expect(readdirSync(join(dir, 'puente-data'))).toEqual(['secret.key']);
    const second = await load();
    expect(second.open(first.seal('whsec_1'))).toBe('whsec_1');
    expect(said).toEqual([]);
  });

  for (const [kind, { content, problem }] of Object.entries(damaged)) {
    it(`${kind}, with nothing sealed yet: a new key is made, the old file kept aside`, async () => {
      mkdirSync(join(dir, 'puente-data'));
      writeFileSync(file, content, { mode: 0o600 });
      const box = await load();
      expect(decodeKey(readFileSync(file, 'latin1'))).toHaveLength(32);
      expect(box.open(box.seal('x'))).toBe('x');
      const aside = readdirSync(join(dir, 'puente-data')).filter((f) => f.startsWith('secret.key.damaged-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dir, 'puente-data', aside[0] as string), 'latin1')).toBe(content);
      expect(said).toEqual([
        `${file} ${problem}; nothing was sealed with it yet, so a new key was made (the old file is ${join(dir, 'puente-data', aside[0] as string)})`,
      ]);
    });

    it(`${kind}, with a webhook secret sealed: refused in one line with the fix, the file left as it was`, async () => {
      const s = await seedSeller(store);
      await updateStorefront(
        store,
        s.org,
        'TTS-MX',
        { webhookSecret: SecretBox.fromKey(randomBytes(32)).seal('w') },
        null,
      );
      mkdirSync(join(dir, 'puente-data'));
      writeFileSync(file, content, { mode: 0o600 });
      const refusal = await load().catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(SecretKeyError);
      expect((refusal as Error).message).toBe(
        `${file} ${problem}, and the webhook secrets of 1 storefront(s) are sealed with it: restore it from a backup (puente restore) or set PUENTE_SECRET_KEY to the key; if it is lost for good, move the file away and rotate those storefronts' webhook secrets`,
      );
      expect(readFileSync(file, 'latin1')).toBe(content);
    });
  }

  it('refuses a PUENTE_SECRET_KEY that is not a key, without echoing it', async () => {
    const refusal = await load('c2hvcnQ=').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SecretKeyError);
    expect((refusal as Error).message).toBe(
      'PUENTE_SECRET_KEY is not a key: give the base64 of 32 bytes (44 characters), e.g. the content of a secret.key file',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('warns at start when the key does not open a storefront’s webhook secret', async () => {
    const s = await seedSeller(store);
    await updateStorefront(
      store,
      s.org,
      'TTS-US',
      { webhookSecret: SecretBox.fromKey(randomBytes(32)).seal('w') },
      null,
    );
    const key = aKey();
    await load(key);
    expect(said).toEqual([
      'warning: the key in PUENTE_SECRET_KEY does not open the webhook secrets of storefront(s) TTS-US: their webhooks are answered 503 until the key they were sealed with is back (puente restore, PUENTE_SECRET_KEY) or their secrets are rotated',
    ]);
    expect(said.join('\n')).not.toContain(key);
  });
});

describe('puente serve on an empty secret.key that sealed a webhook secret', () => {
  it('stops at once with one line and exit code 2', async () => {
    const store = await freshStore('sqlite');
    const cwd = mkdtempSync(join(tmpdir(), 'puente-serve-key-'));
    try {
      const s = await seedSeller(store);
      await updateStorefront(
        store,
        s.org,
        'TTS-MX',
        { webhookSecret: SecretBox.fromKey(randomBytes(32)).seal('w') },
        null,
      );
      mkdirSync(join(cwd, 'puente-data'));
      writeFileSync(join(cwd, 'puente-data', 'secret.key'), '');
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: store.url, LANG: 'C.UTF-8' };
      delete env.PUENTE_SECRET_KEY;
      const bin = fileURLToPath(new URL('../../../bin/puente.js', import.meta.url));
      const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [bin, 'serve', '--port', '0'], { cwd, env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        ),
      );
      expect([r.code, r.stderr]).toEqual([
        2,
        "puente: puente-data/secret.key is empty (0 of 32 bytes), and the webhook secrets of 1 storefront(s) are sealed with it: restore it from a backup (puente restore) or set PUENTE_SECRET_KEY to the key; if it is lost for good, move the file away and rotate those storefronts' webhook secrets\n",
      ]);
    } finally {
      await store.dispose();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
