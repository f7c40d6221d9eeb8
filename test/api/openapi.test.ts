import { readFile } from 'node:fs/promises';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/apiTypes.ts';
import { apiDocument } from '../../src/http/apiDocument.ts';

/**
 * "POST /api/v1/orders: Operation object should contain `summary` field (operation-summary)": the
 * route a problem is in, so whoever adds a route sees which one lacks what (src/http/openapi.ts
 * says what each route states).
 */
function describeProblem(problem: NormalizedProblem): string {
  const pointer = problem.location[0]?.pointer ?? '#';
  const parts = pointer
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const where =
    parts[0] === 'paths' && parts[1] && parts[2]
      ? `${parts[2].toUpperCase()} ${parts[1]}${parts.length > 3 ? ` (${parts.slice(3).join('.')})` : ''}`
      : pointer;
  return `${where}: ${problem.message} (${problem.ruleId}, ${problem.severity})`;
}

describe('the OpenAPI document', () => {
  let document: OpenAPIV3.Document;
  beforeAll(async () => {
    document = await apiDocument();
  });

  it("passes Redocly's recommended rules, warnings included", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document, null, 2),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(problems.map(describeProblem)).toEqual([]);
  });

  it('gives every operation a success answer with a schema and its refusals in the error shape', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item ?? {}).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { route, op } of operations) {
      const responses = (op as OpenAPIV3.OperationObject).responses as Record<
        string,
        OpenAPIV3.ResponseObject
      >;
      const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
      for (const [status, answer] of success)
        expect(Object.values(answer.content ?? {})[0]?.schema, `${route} ${status}`).toBeDefined();
      for (const [status, answer] of Object.entries(responses).filter(([s]) => /^[45]/.test(s)))
        expect(answer.content?.['application/json']?.schema, `${route} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
    }
  });

  it('is what the committed dashboard types were generated from', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    const generated = await generateApiTypes();
    const a = committed.split('\n');
    const b = generated.split('\n');
    const line = b.findIndex((text, i) => a[i] !== text);
    expect(
      committed === generated
        ? null
        : `line ${line + 1}: committed ${JSON.stringify(a[line])}, now ${JSON.stringify(b[line])}`,
      'web/src/apiSchema.d.ts differs from the server’s document: run `npm run api:types` and commit it',
    ).toBeNull();
  });
});
