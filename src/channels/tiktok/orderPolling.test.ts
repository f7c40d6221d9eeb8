import { describe, expect, it } from 'vitest';
import { pollWindow } from './orderPolling.ts';

describe('the window of an order poll', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const s = (iso: string) => Date.parse(iso) / 1000;

  it('reaches 30 days back on a connection’s first poll', () => {
    expect(pollWindow({ watermark: null, now })).toEqual({
      from: s('2026-11-01T12:00:00Z'),
      to: s('2026-12-01T12:00:00Z'),
    });
  });

  it('starts ten minutes before the watermark, so late-indexed updates are read again', () => {
    expect(pollWindow({ watermark: new Date('2026-12-01T11:59:00Z'), now })).toEqual({
      from: s('2026-12-01T11:49:00Z'),
      to: s('2026-12-01T12:00:00Z'),
    });
  });

  it('is widened by --since and never narrowed by it', () => {
    const watermark = new Date('2026-12-01T11:59:00Z');
    expect(pollWindow({ watermark, now, since: new Date('2026-11-01T00:00:00Z') }).from).toBe(
      s('2026-11-01T00:00:00Z'),
    );
    expect(pollWindow({ watermark, now, since: new Date('2026-12-01T11:58:00Z') }).from).toBe(
      s('2026-12-01T11:49:00Z'),
    );
  });
});
