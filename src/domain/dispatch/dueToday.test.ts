import { describe, expect, it } from 'vitest';
import { dueToday } from './dueToday.ts';

describe('orders to ship today, per warehouse', () => {
  const warehouses = [
    { code: 'TX', timeZone: 'America/Chicago' },
    { code: 'CA', timeZone: 'America/Los_Angeles' },
  ];
  // 22:30 in Dallas on Nov 26 is 20:30 in Ontario, California: both still on the 26th.
  const now = new Date('2026-11-27T04:30:00Z');

  it('counts deadlines up to the end of the local day, late ones included', () => {
    const orders = [
      { shipBy: '2026-11-25T07:59:59Z', warehouses: [{ code: 'TX' }] }, // late: still to ship
      { shipBy: '2026-11-27T05:59:59Z', warehouses: [{ code: 'TX' }] }, // 23:59:59 in Dallas today
      { shipBy: '2026-11-27T06:30:00Z', warehouses: [{ code: 'TX' }] }, // 00:30 tomorrow in Dallas
      { shipBy: '2026-11-27T07:59:59Z', warehouses: [{ code: 'CA' }] }, // 23:59:59 in California today
      { shipBy: '2026-11-27T05:00:00Z', warehouses: [{ code: 'TX' }, { code: 'CA' }] }, // split: both
    ];
    expect(dueToday(orders, warehouses, now)).toEqual([
      { warehouse: 'TX', timeZone: 'America/Chicago', count: 3 },
      { warehouse: 'CA', timeZone: 'America/Los_Angeles', count: 2 },
    ]);
  });
});
