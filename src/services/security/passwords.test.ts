import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashParams, hashPassword, verifyPassword } from './passwords.ts';

describe('password hashing cost', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the production cost (scrypt N=2^17, r=8, p=1) wherever vitest is not running', () => {
    expect(hashParams({})).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(hashParams({ PUENTE_TEST_SCRYPT_N: '1024' })).toEqual({ N: 2 ** 17, r: 8, p: 1 });
  });

  it('may only be lowered, to a power of two, by a test run', () => {
    expect(hashParams({ VITEST: 'true', PUENTE_TEST_SCRYPT_N: '1024' })).toEqual({ N: 1024, r: 8, p: 1 });
    for (const asked of ['1000', '-4', 'cheap', '', String(2 ** 20)])
      expect(hashParams({ VITEST: 'true', PUENTE_TEST_SCRYPT_N: asked }).N).toBe(2 ** 17);
  });

  // (A hash at the production cost takes seconds on a busy machine; hashParams above covers that cost.)
  it('stores a new hash with the parameters it was made with, and verifies it at them', async () => {
    vi.stubEnv('PUENTE_TEST_SCRYPT_N', '1024');
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse staple', hash)).toBe(false);
  });
});
