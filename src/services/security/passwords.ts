import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are hashed with scrypt, a memory-hard function (OWASP: N=2^17, r=8, p=1, 128 MiB per
 * hash). The parameters are stored in the hash, so they can be raised later and old hashes still verify.
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The cost new hashes get. The test suite hashes and verifies hundreds of passwords (each test
 * server's owner, each login), ~1 s apiece at the production cost on a busy machine, so its processes
 * may ask for a lower N with PUENTE_TEST_SCRYPT_N. That is honoured only inside a vitest run (VITEST,
 * which vitest sets and passes to what the tests spawn), and only downwards: a deployment never sees it.
 */
export function hashParams(env: NodeJS.ProcessEnv = process.env): { N: number; r: number; p: number } {
  const asked = env.VITEST ? Number(env.PUENTE_TEST_SCRYPT_N) : Number.NaN;
  const powerOfTwo = Number.isInteger(asked) && asked >= 2 && (asked & (asked - 1)) === 0;
  return powerOfTwo && asked < PARAMS.N ? { ...PARAMS, N: asked } : PARAMS;
}
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...o, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = hashParams();
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: +n, r: +r, p: +p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checked on every new password: long enough to resist guessing at the login's rate limit. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'a password needs at least 10 characters';
  if (password.length > 200) return 'a password may have at most 200 characters';
  return null;
}

/** A password a person can type once from the terminal: 20 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
}
