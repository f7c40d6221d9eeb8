#!/usr/bin/env node
// Runs the compiled command line, dist/cli.js. `npm install` in a clone builds it (the prepare
// script); the published package ships it. Developers run the source with `npm run dev`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  // Said before the command line exists, so in the user's language the short way (see src/cli/refusal.ts).
  const env = process.env;
  const given = process.argv.find((a, i, all) => all[i - 1] === '--lang' || a.startsWith('--lang='));
  const lang = [given?.replace('--lang=', ''), env.PUENTE_LANG, env.LC_ALL || env.LC_MESSAGES || env.LANG]
    .map((v) => v?.slice(0, 2).toLowerCase())
    .find((v) => v === 'zh' || v === 'es' || v === 'en');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const line = {
    zh: `puente 尚未构建（没有 dist/cli.js）：请在 ${root} 运行 npm run build`,
    es: `puente no está compilado (falta dist/cli.js): ejecuta npm run build en ${root}`,
    en: `puente is not built (no dist/cli.js): run npm run build in ${root}`,
  }[lang ?? 'en'];
  process.stderr.write(`puente: ${line}\n`);
  process.exit(1);
}
// Stack traces (--debug) name the TypeScript source lines rather than the bundle's.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import(cli.href);
