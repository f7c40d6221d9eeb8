import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/puente.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'puente-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 90 days of orders in the import format: a steady seller, 3 a day, paid at noon UTC. */
function ordersFile(): string {
  const rows = ['storefront,order_id,paid_at,sku,quantity,unit_price,currency'];
  for (let day = 0; day < 90; day++) {
    const date = new Date(Date.UTC(2026, 0, 1 + day, 12)).toISOString();
    rows.push(`TTS-US,US-${day},${date},MUG-1,3,12.50,USD`);
  }
  rows.push('TTS-US,US-bad,yesterday,MUG-1,1,12.50,USD');
  const file = join(dir, 'orders.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('puente plan backtest', () => {
  it('replays an orders file and prints each policy with the four figures', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, 'plan', 'backtest', '--history', ordersFile(), '--format', 'json'],
      { env: { ...process.env, PUENTE_LANG: 'en' } },
    );
    const out = JSON.parse(stdout);
    expect(out.history).toMatchObject({ name: 'orders.csv', start: '2026-01-01', days: 90, skus: 1 });
    expect(out.policies.map((p: { policy: string }) => p.policy)).toEqual(['puente', 'naive']);
    for (const p of out.policies) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['stockoutDays', 'lostUnits', 'avgStockValueMinor', 'unitsBought', 'hits']),
      );
      expect(p.demandUnits).toBe(270);
    }
    // The row that is not an order is reported with its row and field, not replayed.
    expect(out.problems).toEqual([expect.objectContaining({ row: 92, field: 'paid_at' })]);
    expect(stderr).toContain('row 92 (paid_at)');
  }, 60_000);

  it('replays one policy when asked, as a table in the language asked', async () => {
    const { stdout } = await run(
      process.execPath,
      [bin, '--lang', 'es', 'plan', 'backtest', '--policy', 'naive'],
      {
        env: process.env,
      },
    );
    expect(stdout).toContain('synthetic (seed 7): 150 días desde 2026-01-05');
    expect(stdout).toMatch(/^naive\s+\d+/m);
    expect(stdout).not.toMatch(/^puente\s+\d+/m);
  }, 60_000);

  it('refuses a rate that is not one, naming the option', async () => {
    const failed = await run(process.execPath, [bin, 'plan', 'backtest', '--usd-mxn', 'abc'], {
      env: { ...process.env, PUENTE_LANG: 'en' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('--usd-mxn');
  }, 60_000);
});
