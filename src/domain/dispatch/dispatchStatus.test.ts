import { describe, expect, it } from 'vitest';
import { daysOfCover, isLowStock } from '../stock/daysOfCover.ts';
import { deadlineState, dispatchState, lateDispatchRate } from './dispatchStatus.ts';

const now = new Date('2026-05-27T20:00:00Z');
const hoursFromNow = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();

describe('[P11] dispatchState', () => {
  it('is at risk when less than 12 hours remain, late after the deadline', () => {
    expect(dispatchState({ shipBy: hoursFromNow(13), shippedAt: null }, now)).toBe('on_time');
    expect(dispatchState({ shipBy: hoursFromNow(11.9), shippedAt: null }, now)).toBe('at_risk');
    expect(dispatchState({ shipBy: hoursFromNow(-0.1), shippedAt: null }, now)).toBe('late');
    expect(dispatchState({ shipBy: hoursFromNow(30), shippedAt: null }, now, 36)).toBe('at_risk');
  });

  it('judges a shipped order by when it shipped, not by now', () => {
    expect(dispatchState({ shipBy: hoursFromNow(-5), shippedAt: hoursFromNow(-6) }, now)).toBe(
      'shipped_on_time',
    );
    expect(dispatchState({ shipBy: hoursFromNow(-5), shippedAt: hoursFromNow(-4) }, now)).toBe(
      'shipped_late',
    );
  });
});

describe('deadlineState: the deadline that comes first, and which one', () => {
  // A TX order: the truck leaves at 16:00 CST (22:00Z), the platform's day ends 23:59:59 PST.
  const order = {
    status: 'reserved' as const,
    shipBy: '2026-12-02T07:59:59Z',
    operationalBy: '2026-12-01T22:00:00Z',
  };
  const at = (iso: string) => new Date(iso);

  it('judges an order against the truck while the truck is the first deadline', () => {
    expect(deadlineState(order, at('2026-12-01T06:00:00Z'))).toEqual({
      state: 'on_time',
      dueBy: { at: '2026-12-01T22:00:00Z', kind: 'operational' },
    });
    expect(deadlineState(order, at('2026-12-01T12:00:00Z'))).toEqual({
      state: 'at_risk', // 10 hours before the truck, though 20 before the platform
      dueBy: { at: '2026-12-01T22:00:00Z', kind: 'operational' },
    });
    // Missed the truck: late for the warehouse, though the platform's deadline is hours away.
    expect(deadlineState(order, at('2026-12-01T22:30:00Z'))).toEqual({
      state: 'late',
      dueBy: { at: '2026-12-01T22:00:00Z', kind: 'operational' },
    });
    expect(deadlineState(order, at('2026-12-01T12:00:00Z'), 6).state).toBe('on_time');
  });

  it('uses the platform deadline when it comes first, or when there is no operational one', () => {
    const earlierPlatform = { ...order, operationalBy: '2026-12-02T09:00:00Z' };
    expect(deadlineState(earlierPlatform, at('2026-12-02T08:00:00Z'))).toEqual({
      state: 'late',
      dueBy: { at: '2026-12-02T07:59:59Z', kind: 'platform' },
    });
    expect(deadlineState({ ...order, operationalBy: null }, at('2026-12-01T22:30:00Z'))).toEqual({
      state: 'at_risk',
      dueBy: { at: '2026-12-02T07:59:59Z', kind: 'platform' },
    });
  });

  it('never calls an order awaiting stock on time: its own state, due by the platform deadline', () => {
    const waiting = { ...order, status: 'awaiting_stock' as const };
    for (const now of ['2026-11-28T00:00:00Z', '2026-12-01T22:30:00Z', '2026-12-03T00:00:00Z'])
      expect(deadlineState(waiting, at(now))).toEqual({
        state: 'awaiting_stock',
        dueBy: { at: '2026-12-02T07:59:59Z', kind: 'platform' },
      });
  });
});

describe('lateDispatchRate against the 4% and 10% lines', () => {
  const onTime = { shipBy: hoursFromNow(-10), shippedAt: hoursFromNow(-20) };
  const late = { shipBy: hoursFromNow(-10), shippedAt: hoursFromNow(-2) };
  const open = { shipBy: hoursFromNow(5), shippedAt: null }; // not due yet: not counted

  it('counts late ÷ due, leaving out orders not yet due', () => {
    expect(lateDispatchRate([...Array(24).fill(onTime), late, open], now)).toEqual({
      due: 25,
      late: 1,
      rate: 0.04,
      level: 'ok',
    });
    expect(lateDispatchRate([...Array(23).fill(onTime), late, late], now)).toMatchObject({
      rate: 0.08,
      level: 'warning',
    });
    expect(lateDispatchRate([...Array(8).fill(onTime), late, late], now)).toMatchObject({
      rate: 0.2,
      level: 'penalty',
    });
    expect(lateDispatchRate([open], now)).toEqual({ due: 0, late: 0, rate: null, level: 'none' });
  });
});

describe('[P14] days of cover', () => {
  it('divides what is available by the daily pace of the last 14 days', () => {
    expect(daysOfCover(20, 28)).toBe(10); // 2 a day
    expect(daysOfCover(5, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(isLowStock(20, 28, 14)).toBe(true);
    expect(isLowStock(40, 28, 14)).toBe(false);
  });
});
