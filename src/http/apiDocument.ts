import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { OpenAPIV3 } from 'openapi-types';
import { SecretBox } from '../services/security/secrets.ts';
import { openDatabase } from '../store/openDatabase.ts';
import { buildApp } from './app.ts';
import { EventBus } from './events.ts';

/**
 * The OpenAPI document exactly as a running server serves it at /api/docs/json, built in-process:
 * no port is opened and no database is queried (the routes only hold the store they would use).
 */
export async function apiDocument(): Promise<OpenAPIV3.Document> {
  const store = openDatabase('sqlite::memory:');
  const bus = new EventBus();
  const app = await buildApp({
    store,
    bus,
    secrets: SecretBox.fromKey(randomBytes(32)),
    uploadDir: tmpdir(),
  });
  try {
    await app.ready();
    return app.swagger() as OpenAPIV3.Document;
  } finally {
    await app.close();
    await bus.close();
    await store.close();
  }
}
