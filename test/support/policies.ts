import { readFileSync } from 'node:fs';
import { type Policy, policySchema } from '../../src/domain/policy/policy.ts';

/** The bundled pilot policy and the made-up expanded one, read synchronously for tests. */
function readPolicyFile(path: string): Policy {
  return policySchema.parse(JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')));
}
export const pilot = () => readPolicyFile('../../policies/tiktok-us-mx-2026.json');
export const expandedPilot = () => readPolicyFile('../fixtures/policies/expanded-pilot.json');
