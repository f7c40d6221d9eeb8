/**
 * `puente notify digest` end to end on the demo seller (SQLite in a fresh working folder): the
 * preview in the language asked for, by its short or its locale name, the figures as JSON, and
 * refusals in the user's language. The digest's content at fixed times, on both engines, is
 * src/services/morningDigest.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));

describe('puente notify digest', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-digest-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LANG: 'C.UTF-8',
    PUENTE_PUBLIC_URL: 'https://ops.example.com/',
  };
  delete env.DATABASE_URL;
  delete env.PUENTE_LANG;

  const puente = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env, maxBuffer: 8 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    expect((await puente('demo')).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('prints the Chinese preview for --lang zh and --lang zh-CN alike, links on the public address', async () => {
    const at = '2026-11-25T13:00:00Z';
    const zh = await puente('notify', 'digest', '--warehouse', 'TX', '--preview', '--lang', 'zh', '--at', at);
    const zhCN = await puente(
      'notify',
      'digest',
      '--warehouse',
      'TX',
      '--preview',
      '--lang',
      'zh-CN',
      '--at',
      at,
    );
    expect(zh.code).toBe(0);
    expect(zhCN.stdout).toBe(zh.stdout);
    const lines = zh.stdout.split('\n');
    expect(lines[0]).toBe('TX 仓库早报 · 2026年11月25日 星期三');
    expect(lines[2]).toBe('时间均按仓库所在时区：America/Chicago（CST）。');
    for (const title of [
      '今日待发',
      '已超时与临近超时',
      '等待到货',
      '延迟发货率',
      '低库存',
      '近 24 小时同步失败',
    ])
      expect(zh.stdout).toMatch(new RegExp(`^[✓!‼] ${title}$`, 'm'));
    expect(zh.stdout).toContain('  → https://ops.example.com/orders?warehouse=TX\n');
  });

  it('gives the figures and the rendered message as JSON, in Spanish for es-MX', async () => {
    const out = await puente(
      'notify',
      'digest',
      '--warehouse',
      'CA',
      '--preview',
      '--lang',
      'es-MX',
      '--format',
      'json',
      '--channel',
      'email',
    );
    expect(out.code).toBe(0);
    const { digest, lang, rendered } = JSON.parse(out.stdout);
    expect(lang).toBe('es');
    expect(digest.warehouse).toEqual({ code: 'CA', name: 'Ontario CA', timeZone: 'America/Los_Angeles' });
    expect(digest.lateDispatch).toMatchObject({ warning: 0.04, limit: 0.1 });
    expect(rendered.format).toBe('email');
    expect(rendered.email.subject).toMatch(/^Resumen matutino de CA · /);
    expect(rendered.email.html).toContain('<html lang="es-MX">');
  });

  it('refuses without --preview, an unknown warehouse, a bad --at and a language it does not speak', async () => {
    const noPreview = await puente('notify', 'digest', '--warehouse', 'TX', '--lang', 'zh');
    expect(noPreview.code).toBe(2);
    expect(noPreview.stderr).toContain('需加 --preview');
    const unknown = await puente('notify', 'digest', '--warehouse', 'NV', '--preview', '--lang', 'es');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no existe el almacén NV');
    const badAt = await puente('notify', 'digest', '--warehouse', 'TX', '--preview', '--at', 'yesterday');
    expect(badAt.code).toBe(2);
    expect(badAt.stderr).toContain('--at yesterday: give a time such as 2026-11-25T13:00:00Z');
    const french = await puente('notify', 'digest', '--warehouse', 'TX', '--preview', '--lang', 'fr');
    expect(french.code).toBe(2);
    expect(french.stderr).toContain('zh-CN');
  });
});
