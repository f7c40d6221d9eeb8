/**
 * A process starting the way the server does (migrations, organization, first owner, secret key:
 * `prepareStore`, which `startServer` calls) on the database at argv[2] with the data directory
 * argv[3], without building the dashboard or listening. It prints what it found or made, and a
 * value sealed with the key it got, so a test can tell that every process ended up on one key.
 */
import { prepareStore } from '../../src/services/startup.ts';
import { openDatabase } from '../../src/store/openDatabase.ts';

const [url, keyFile] = process.argv.slice(2) as [string, string];
const store = openDatabase(url);
const lines: string[] = [];
const { organizationId, owner, secrets } = await prepareStore(store, {
  env: { PUENTE_OWNER_EMAIL: 'owner@example.com', PUENTE_OWNER_PASSWORD: 'a long enough password 1' },
  keyFile,
  say: (line) => lines.push(line),
});
await store.close();
process.stdout.write(
  JSON.stringify({ organizationId, madeOwner: owner !== null, sealed: secrets.seal('hello'), said: lines }),
);
