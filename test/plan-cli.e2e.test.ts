/**
 * The planning commands end to end on the demo seller (SQLite; the services under them are tested
 * on both engines): the suggestions and hits in the shape issue 13's scripts read, then a purchase
 * order for the viral toy, its inbound shipment, and its receipt.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));

describe('puente plan and puente inbound on the demo', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-plan-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;
  const puente = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env, maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  beforeAll(async () => {
    expect((await puente('demo')).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('prints the suggestions with exactly the contract fields', async () => {
    const { code, stdout } = await puente('plan', 'restock', '--format', 'json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'sku',
      'warehouse',
      'class',
      'velocityPerDay',
      'censoredDays',
      'leadTimeDays',
      'safetyStock',
      'reorderPoint',
      'onHand',
      'inbound',
      'waiting',
      'suggestedQuantity',
      'coverDaysNow',
      'coverDaysAfter',
    ]);
    expect(rows).toContainEqual(expect.objectContaining({ sku: 'PT-TOY-005', warehouse: 'TX', inbound: 60 }));
  }, 60_000);

  it('lists the viral toy as a hit on both storefronts', async () => {
    const { stdout } = await puente('plan', 'hits', '--format', 'json');
    const hits = JSON.parse(stdout) as Record<string, unknown>[];
    expect(hits.map((h) => `${h.sku} ${h.storefront}`).sort()).toEqual([
      'PT-TOY-005 TTS-MX',
      'PT-TOY-005 TTS-US',
    ]);
    expect(Object.keys(hits[0] ?? {})).toEqual([
      'sku',
      'storefront',
      'windowHours',
      'observed',
      'expected',
      'ratio',
      'pValue',
      'runsOutOn',
    ]);
  }, 60_000);

  it('orders the toy, shows the shipment inbound, and receives it with a difference', async () => {
    const created = await puente(
      'plan',
      'po',
      'create',
      'PT-TOY-005=120',
      '--warehouse',
      'TX',
      '--format',
      'json',
    );
    expect(created.code).toBe(0);
    const po = JSON.parse(created.stdout) as { number: string; file: string; language: string };
    expect(po.language).toBe('zh-CN');
    expect(existsSync(join(cwd, po.file))).toBe(true);
    const restock = JSON.parse((await puente('plan', 'restock', '--all', '--format', 'json')).stdout) as {
      sku: string;
      warehouse: string;
      inbound: number;
    }[];
    expect(restock.find((r) => r.sku === 'PT-TOY-005' && r.warehouse === 'TX')?.inbound).toBe(180);
    const open = JSON.parse((await puente('inbound', 'list', '--status', 'open', '--format', 'json')).stdout);
    expect(open).toEqual([expect.objectContaining({ number: po.number, warehouse: 'TX', status: 'open' })]);
    const received = await puente('inbound', 'receive', po.number, 'PT-TOY-005=118', '--format', 'json');
    expect(JSON.parse(received.stdout)).toEqual([
      { sku: 'PT-TOY-005', ordered: 120, received: 118, difference: -2 },
    ]);
    const again = await puente('inbound', 'receive', po.number, '--lang', 'zh');
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('已经收货');
  }, 240_000);
});
