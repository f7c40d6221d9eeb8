// `npm run dev`: the server from source, restarted on every change (tsx watch), serving the API
// alone on port 3000, and Vite's dev server for the dashboard (http://localhost:5173), which
// proxies /api to it (web/vite.config.ts). Arguments go to `puente serve` (e.g. npm run dev -- --demo).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = (command, args) => spawn(command, args, { cwd: root, stdio: 'inherit' });

const children = [
  run(bin('tsx'), ['watch', 'src/cli/main.ts', 'serve', '--api-only', ...process.argv.slice(2)]),
  run(bin('vite'), ['--config', 'web/vite.config.ts']),
];
// Either one ending (or Ctrl-C) ends both.
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
for (const child of children) child.on('exit', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
