import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { releaseLease, takeLease } from './leases.ts';

describe.each(engines)('a periodic job lease on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 8, 0, s));

  it('is held by one server at a time until it expires, then another takes it over', async () => {
    expect(await takeLease(store, 'alert-scan', 'server-a', 54_000, at(0))).toBe(true);
    expect(await takeLease(store, 'alert-scan', 'server-b', 54_000, at(10))).toBe(false);
    // The holder renews its own lease.
    expect(await takeLease(store, 'alert-scan', 'server-a', 54_000, at(30))).toBe(true);
    expect(await takeLease(store, 'alert-scan', 'server-b', 54_000, at(60))).toBe(false);
    // server-a died: its lease ran out at 84 s.
    expect(await takeLease(store, 'alert-scan', 'server-b', 54_000, at(85))).toBe(true);
    expect(await takeLease(store, 'alert-scan', 'server-a', 54_000, at(86))).toBe(false);
  });

  it('lets exactly one of many simultaneous servers run the job', async () => {
    const won = await Promise.all(
      Array.from({ length: 8 }, (_, i) => takeLease(store, 'nightly', `server-${i}`, 60_000, at(0))),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('is free again once released', async () => {
    expect(await takeLease(store, 'export', 'server-a', 60_000, at(0))).toBe(true);
    await releaseLease(store, 'export', 'server-a');
    expect(await takeLease(store, 'export', 'server-b', 60_000, at(1))).toBe(true);
  });
});
