import { describe, expect, it } from 'vitest';
import { dueToday, type QueuedOrder, type QueueWarehouse } from './dueToday.ts';
import { holidayCalendar } from './holidayCalendars.ts';
import { operationalDeadline } from './operationalDeadline.ts';

const us = holidayCalendar('US-federal');
const warehouses: QueueWarehouse[] = [
  { id: 'w-tx', code: 'TX', clock: { timeZone: 'America/Chicago', cutoff: '16:00', calendar: us } },
  { id: 'w-ca', code: 'CA', clock: { timeZone: 'America/Los_Angeles', cutoff: '17:00', calendar: us } },
];
const [tx, ca] = warehouses as [QueueWarehouse, QueueWarehouse];

// Platform deadlines [P11]: 23:59:59 Pacific on Monday 2026-11-30 (01:59:59 Tuesday in Texas) and
// on Tuesday 2026-12-01.
const platformMonday = '2026-12-01T07:59:59Z';
const platformTuesday = '2026-12-02T07:59:59Z';
const queued = (
  w: QueueWarehouse,
  platform: string,
  status: QueuedOrder['status'] = 'reserved',
): QueuedOrder => ({
  status,
  warehouseId: w.id,
  operationalBy: operationalDeadline(platform, w.clock),
});
const repeat = (n: number, o: QueuedOrder) => Array.from({ length: n }, () => o);

describe('orders to ship today: due by the warehouse’s next pickup', () => {
  // The morning: 6 late orders, 31 due 23:59 Pacific tonight (01:59 Tuesday in Texas).
  const orders: QueuedOrder[] = [
    ...repeat(6, { status: 'reserved', warehouseId: tx.id, operationalBy: '2026-11-25T22:00:00Z' }),
    ...repeat(29, queued(tx, platformMonday)),
    ...repeat(2, queued(tx, platformMonday, 'awaiting_stock')),
    ...repeat(4, queued(tx, platformTuesday)),
    ...repeat(3, queued(ca, platformMonday)),
    ...repeat(5, queued(ca, platformTuesday)),
    // Not in any queue yet (no warehouse): counted nowhere.
    { status: 'awaiting_stock', warehouseId: null, operationalBy: null },
  ];

  it('on Monday morning counts tonight’s deadlines in Texas, late ones included: 37, not 6', () => {
    const mondayMorning = new Date('2026-11-30T14:00:00Z'); // 08:00 CST, 06:00 PST
    expect(dueToday(orders, warehouses, mondayMorning)).toEqual([
      {
        warehouse: 'TX',
        timeZone: 'America/Chicago',
        nextPickup: '2026-11-30T22:00:00Z', // Mon 16:00 CST
        count: 37,
        awaitingStock: 2,
      },
      {
        warehouse: 'CA',
        timeZone: 'America/Los_Angeles',
        nextPickup: '2026-12-01T01:00:00Z', // Mon 17:00 PST
        count: 3,
        awaitingStock: 0,
      },
    ]);
  });

  it('after the Texas truck has left, Texas counts toward Tuesday’s pickup; California still Monday’s', () => {
    const afterTexasCutoff = new Date('2026-11-30T22:30:00Z'); // 16:30 CST, 14:30 PST
    expect(dueToday(orders, warehouses, afterTexasCutoff)).toMatchObject([
      { warehouse: 'TX', nextPickup: '2026-12-01T22:00:00Z', count: 41, awaitingStock: 2 },
      { warehouse: 'CA', nextPickup: '2026-12-01T01:00:00Z', count: 3 },
    ]);
  });

  it('late in the Pacific evening both warehouses count toward Tuesday', () => {
    const pacificEvening = new Date('2026-12-01T05:00:00Z'); // Mon 21:00 PST, 23:00 CST
    expect(dueToday(orders, warehouses, pacificEvening)).toMatchObject([
      { warehouse: 'TX', count: 41 },
      { warehouse: 'CA', nextPickup: '2026-12-02T01:00:00Z', count: 8 },
    ]);
  });

  it('on a weekend or holiday the working day is the next one: Thanksgiving counts Friday’s pickup', () => {
    const thanksgiving = new Date('2026-11-26T15:00:00Z'); // Thu 09:00 CST
    const friday = queued(tx, '2026-11-28T07:59:59Z'); // platform Fri 23:59:59 PST → Fri 16:00 CST
    const monday = queued(tx, platformMonday);
    expect(dueToday([friday, monday], [tx], thanksgiving)).toEqual([
      {
        warehouse: 'TX',
        timeZone: 'America/Chicago',
        nextPickup: '2026-11-27T22:00:00Z',
        count: 1,
        awaitingStock: 0,
      },
    ]);
  });

  it('compares instants, whatever the strings’ precision', () => {
    const withMillis = {
      status: 'reserved' as const,
      warehouseId: tx.id,
      operationalBy: '2026-11-30T22:00:00.000Z',
    };
    expect(dueToday([withMillis], [tx], new Date('2026-11-30T14:00:00Z'))[0]?.count).toBe(1);
  });
});
