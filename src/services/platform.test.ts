import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { NotFound } from './lookups.ts';
import {
  createOrganization,
  grantPlatformAdminByEmail,
  platformAdmins,
  revokePlatformAdminByEmail,
} from './platform.ts';

/** `puente org admin grant|revoke <email>`: by e-mail, idempotent, and an unknown e-mail is not found. */
describe.each(engines)('platform administrators by e-mail on %s', (engine) => {
  let store: TestStore;
  const email = 'owner@grant.example.test';

  beforeAll(async () => {
    store = await freshStore(engine);
    await createOrganization(store, {
      name: 'Grant Co',
      ownerEmail: email,
      actor: 'cli',
      baseUrl: 'https://puente.example.test',
    });
  });
  afterAll(() => store.dispose());

  it('grants once, then says it was one already', async () => {
    expect(await grantPlatformAdminByEmail(store, email, 'cli')).toBe(true);
    expect(await grantPlatformAdminByEmail(store, email, 'cli')).toBe(false);
    expect((await platformAdmins(store)).map((a) => a.email)).toContain(email);
  });

  it('revokes once, then says it was not one', async () => {
    expect(await revokePlatformAdminByEmail(store, email, 'cli')).toBe(true);
    expect(await revokePlatformAdminByEmail(store, email, 'cli')).toBe(false);
    expect((await platformAdmins(store)).map((a) => a.email)).not.toContain(email);
  });

  it('refuses an e-mail nobody has', async () => {
    await expect(grantPlatformAdminByEmail(store, 'nobody@grant.example.test', 'cli')).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      revokePlatformAdminByEmail(store, 'nobody@grant.example.test', 'cli'),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
