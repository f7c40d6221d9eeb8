import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './chromium.ts';

describe('finding the Chromium the browser tests drive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'puente-chromium-'));
  const onPath = join(dir, 'chromium');
  writeFileSync(onPath, '#!/bin/sh\n');
  chmodSync(onPath, 0o755);
  const nowhere = join(dir, 'absent', 'chromium');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes PUENTE_CHROMIUM first, then the Debian path, then chromium on the PATH', () => {
    expect(findChromium({ PUENTE_CHROMIUM: onPath, PATH: '/nowhere' }, nowhere)).toEqual({ path: onPath });
    expect(findChromium({ PATH: '/nowhere' }, onPath)).toEqual({ path: onPath });
    expect(findChromium({ PATH: `/nowhere:${dir}` }, nowhere)).toEqual({ path: onPath });
  });

  it('names the command that installs it when there is none', () => {
    expect(findChromium({ PATH: '/nowhere' }, nowhere)).toEqual({
      missing: `The browser tests need Chromium: none at ${nowhere} or on the PATH. Install it with \`apt-get install -y chromium\`, point PUENTE_CHROMIUM at one, or leave the browser tests out explicitly with PUENTE_TEST_SKIP=browser.`,
    });
  });

  it('refuses a PUENTE_CHROMIUM that is not there rather than looking elsewhere', () => {
    expect(findChromium({ PUENTE_CHROMIUM: nowhere, PATH: dir }, onPath)).toEqual({
      missing: `PUENTE_CHROMIUM=${nowhere} is not an executable file. Install it with \`apt-get install -y chromium\`, point PUENTE_CHROMIUM at one, or leave the browser tests out explicitly with PUENTE_TEST_SKIP=browser.`,
    });
  });
});
