import { migrate } from '../store/migrations.ts';
import type { Store } from '../store/openDatabase.ts';
import { underStartupLock } from '../store/startupLock.ts';
import { ensureOwner } from './accounts.ts';
import { defaultOrganization } from './organization.ts';
import { loadSecretBox } from './security/secretKey.ts';
import type { SecretBox } from './security/secrets.ts';

export interface Prepared {
  organizationId: string;
  /** Set on the first start only: the owner account created, with its one-time password. */
  owner: { email: string; password: string } | null;
  secrets: SecretBox;
}

/**
 * What a server does before it listens: migrations, the default organization, the first owner and
 * the secret key, all under the start-up lock, so that processes starting together on one
 * database do each step once (one organization, one owner, one key).
 */
export function prepareStore(
  store: Store,
  o: { env: NodeJS.ProcessEnv; keyFile: string; say: (line: string) => void },
): Promise<Prepared> {
  return underStartupLock(store, async () => {
    await migrate(store);
    const organizationId = await defaultOrganization(store);
    const owner = await ensureOwner(store, organizationId, o.env);
    const secrets = await loadSecretBox(store, { file: o.keyFile, env: o.env.PUENTE_SECRET_KEY, say: o.say });
    return { organizationId, owner, secrets };
  });
}
