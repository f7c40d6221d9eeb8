import { describe, expect, it } from 'vitest';
import { skipBanner, skippedParts } from './testEnv.ts';

describe('PUENTE_TEST_SKIP', () => {
  it('leaves out nothing unless asked', () => {
    expect(skippedParts('')).toEqual(new Set());
    expect(skipBanner(new Set())).toBe('');
  });

  it('reads a comma-separated list of parts', () => {
    expect(skippedParts(' Postgres , browser,')).toEqual(new Set(['postgres', 'browser']));
  });

  it('refuses a part it does not know, so a typo cannot skip silently or test less than asked', () => {
    expect(() => skippedParts('postgres,brwser')).toThrow(
      'PUENTE_TEST_SKIP=postgres,brwser: brwser cannot be skipped; the parts are postgres, browser, disk (comma-separated)',
    );
  });

  it('names what is not tested in the banner', () => {
    expect(
      skipBanner(new Set(['browser']))
        .split('\n')
        .slice(1, 4),
    ).toEqual([
      'NOT TESTED in this run (PUENTE_TEST_SKIP=browser):',
      '  - browser: the dashboard in a real browser (test/browser/*.e2e.test.ts)',
      'A run without PUENTE_TEST_SKIP tests them; passing here says nothing about them.',
    ]);
  });
});
