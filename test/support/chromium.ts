import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The Chromium the browser tests drive: `PUENTE_CHROMIUM` when set (it must be there), otherwise
 * Debian's `/usr/bin/chromium`, otherwise `chromium` on the PATH.
 */
export const CHROMIUM_INSTALL = 'apt-get install -y chromium';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The path, or why there is none (a sentence that ends with the command that installs it). */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  debian = '/usr/bin/chromium',
): { path: string } | { missing: string } {
  const fix = `Install it with \`${CHROMIUM_INSTALL}\`, point PUENTE_CHROMIUM at one, or leave the browser tests out explicitly with PUENTE_TEST_SKIP=browser.`;
  if (env.PUENTE_CHROMIUM) {
    return executable(env.PUENTE_CHROMIUM)
      ? { path: env.PUENTE_CHROMIUM }
      : { missing: `PUENTE_CHROMIUM=${env.PUENTE_CHROMIUM} is not an executable file. ${fix}` };
  }
  const candidates = [debian, ...(env.PATH ?? '').split(delimiter).map((d) => join(d, 'chromium'))];
  const found = candidates.find(executable);
  return found
    ? { path: found }
    : { missing: `The browser tests need Chromium: none at ${debian} or on the PATH. ${fix}` };
}
