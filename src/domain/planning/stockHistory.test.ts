import { describe, expect, it } from 'vitest';
import { inboundByDay, stockByDay } from './stockHistory.ts';

describe('stock by day, walked back from the level now', () => {
  const days = ['2026-11-01', '2026-11-02', '2026-11-03'];

  it('closes each day at the next day’s figure less the next day’s movements', () => {
    // Received 10 on the 1st, 3 reserved and 2 shipped on the 2nd, 4 more reserved on the 3rd.
    const movements = new Map([
      ['2026-11-01', { onHand: 10, reserved: 0 }],
      ['2026-11-02', { onHand: -2, reserved: 1 }],
      ['2026-11-03', { onHand: 0, reserved: 4 }],
    ]);
    expect(stockByDay(days, { onHand: 8, reserved: 5 }, movements)).toEqual([
      { date: '2026-11-01', onHand: 10, available: 10 },
      { date: '2026-11-02', onHand: 8, available: 7 },
      { date: '2026-11-03', onHand: 8, available: 3 },
    ]);
  });

  it('keeps a quiet day at the figure of the day after it', () => {
    const movements = new Map([['2026-11-03', { onHand: -1, reserved: 0 }]]);
    expect(stockByDay(days, { onHand: 4, reserved: 0 }, movements).map((d) => d.onHand)).toEqual([5, 5, 4]);
  });

  it('takes movements dated after today back from today’s figure', () => {
    const movements = new Map([['2026-11-05', { onHand: 6, reserved: 0 }]]);
    expect(stockByDay(days, { onHand: 6, reserved: 0 }, movements).map((d) => d.onHand)).toEqual([0, 0, 0]);
  });
});

describe('inbound by expected date', () => {
  it('puts open lines at their ETA, received ones at what was counted, and a hand-set rest at the level’s ETA', () => {
    const lines = [
      { eta: '2026-11-10', quantity: 100, receivedQuantity: null, status: 'open' as const },
      { eta: '2026-11-10', quantity: 20, receivedQuantity: null, status: 'open' as const },
      { eta: '2026-11-02', quantity: 50, receivedQuantity: 48, status: 'received' as const },
    ];
    expect(inboundByDay(lines, { inbound: 150, inboundEta: '2026-11-07' })).toEqual([
      { date: '2026-11-02', quantity: 48, status: 'received' },
      { date: '2026-11-07', quantity: 30, status: 'open' },
      { date: '2026-11-10', quantity: 120, status: 'open' },
    ]);
    // A level whose inbound is all in shipments adds nothing.
    expect(inboundByDay(lines.slice(0, 2), { inbound: 120, inboundEta: '2026-11-10' })).toHaveLength(1);
  });
});
