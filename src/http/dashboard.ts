import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../services/packageFiles.ts';
import { Refused } from '../services/refused.ts';

/** The dashboard, built by `npm run build` (Vite, web/ → dist/web); the server never builds it. */
export const DASHBOARD_DIR = packagePath('dist', 'web');

/**
 * The built dashboard's folder. Missing, the server does not start: serving the API alone would
 * look like a broken dashboard to whoever opens it. The refusal names the command that builds it.
 */
export function builtDashboard(): string {
  if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
    throw new Refused('refused', { key: 'dashboard_not_built', params: { dir: DASHBOARD_DIR } });
  return DASHBOARD_DIR;
}
