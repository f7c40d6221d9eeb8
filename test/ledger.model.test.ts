/**
 * The ledger against a model (issue 3). Random sequences of receipts, adjustments, transfers,
 * orders, shipments, cancellations and returns run against the real store and against a model in
 * plain objects: for each (SKU, warehouse) its on hand and reserved, for each order its status and
 * what it holds. Every step asserts that the real outcome is the one the model predicts; after every
 * step the stored levels, orders and active reservations equal the model's, no level holds more
 * reserved than on hand, and the ledger adds up.
 *
 * The model decides orders by the rule documented in reserving.ts and allocateOrder.ts, written
 * again here (not imported), so that the test would notice if the code drifted from its docs. When
 * units arrive (a receipt, an adjustment up, a transfer, a cancel, a restocked return), the orders
 * waiting for that SKU are reserved by the same rule, earliest payment first (waitingOrders.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelOrder,
  type OrderInput,
  type OrderOutcome,
  reserveOrder,
  returnItems,
  shipOrder,
} from '../src/store/reservations.ts';
import { adjust, type Movement, receive, StockError, transfer } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { type Seller, seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const SKUS = ['A', 'B', 'C'] as const;
type SkuCode = (typeof SKUS)[number];
/** Both storefronts draw on Texas first, then California (seedSeller). */
const PRIORITY = ['TX', 'CA'] as const;
type WarehouseCode = (typeof PRIORITY)[number];
type StorefrontCode = 'US' | 'MX';
type Cell = `${SkuCode}@${WarehouseCode}`;

interface Level {
  onHand: number;
  reserved: number;
}
interface Line {
  sku: SkuCode;
  quantity: number;
}
interface Pick {
  sku: string;
  warehouse: string;
  quantity: number;
}
interface Shortfall {
  sku: string;
  wanted: number;
  available: number;
}
interface ModelPick extends Pick {
  sku: SkuCode;
  warehouse: WarehouseCode;
}
type AwaitingStock = { status: 'awaiting_stock'; shortfalls: Shortfall[]; splitWouldFill: boolean };
/** What the model decides for a new order. */
type Plan = { status: 'reserved'; picks: ModelPick[] } | AwaitingStock;
/** What the store decided, in the model's words. */
type Decision =
  | { status: 'reserved'; picks: Pick[] }
  | AwaitingStock
  | { status: 'duplicate'; orderId: string };

interface ModelOrder {
  storefront: StorefrontCode;
  externalId: string;
  /** Given by the store when the order was placed: the model only remembers it. */
  orderId: string;
  status: 'reserved' | 'awaiting_stock' | 'shipped' | 'cancelled';
  /** What the order holds while reserved, and what it shipped once shipped. */
  picks: ModelPick[];
  /** Per pick: already returned (a parcel line is returned once). */
  returned: boolean[];
  lines: readonly Line[];
  paidAt: string;
}

interface Model {
  levels: Record<Cell, Level>;
  orders: ModelOrder[];
}

interface Real {
  store: TestStore;
  s: Seller;
  /** The steps of this run as they resolved against the model, appended to a failure's message. */
  trace: string[];
}

const cell = (sku: SkuCode, warehouse: WarehouseCode): Cell => `${sku}@${warehouse}`;
const label = (o: { storefront: string; externalId: string }) => `${o.storefront}/${o.externalId}`;

function emptyLevels(): Record<Cell, Level> {
  const levels = {} as Record<Cell, Level>;
  for (const sku of SKUS) for (const w of PRIORITY) levels[cell(sku, w)] = { onHand: 0, reserved: 0 };
  return levels;
}

const byCell = (a: Pick, b: Pick) => `${a.sku}@${a.warehouse}`.localeCompare(`${b.sku}@${b.warehouse}`);

/**
 * The documented rule: demand summed per SKU; the first warehouse in priority order that fills all
 * of it; else, only where the storefront splits (MX here), each SKU greedily in priority order; else
 * awaiting_stock, with the shortfall per SKU in the order the SKUs first appear.
 */
function decide(m: Readonly<Model>, storefront: StorefrontCode, lines: readonly Line[]): Plan {
  const demand = new Map<SkuCode, number>();
  for (const l of lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity);
  const available = (sku: SkuCode, w: WarehouseCode) => {
    const level = m.levels[cell(sku, w)];
    return level.onHand - level.reserved;
  };

  const whole = PRIORITY.find((w) => [...demand].every(([sku, wanted]) => available(sku, w) >= wanted));
  if (whole) {
    const picks = [...demand].map(([sku, quantity]) => ({ sku, warehouse: whole, quantity }));
    return { status: 'reserved', picks: picks.sort(byCell) };
  }
  const picks: ModelPick[] = [];
  const shortfalls: Shortfall[] = [];
  for (const [sku, wanted] of demand) {
    let left = wanted;
    for (const w of PRIORITY) {
      const take = Math.min(left, available(sku, w));
      if (take > 0) picks.push({ sku, warehouse: w, quantity: take });
      left -= take;
    }
    if (left > 0) shortfalls.push({ sku, wanted, available: wanted - left });
  }
  if (shortfalls.length === 0 && storefront === 'MX')
    return { status: 'reserved', picks: picks.sort(byCell) };
  return { status: 'awaiting_stock', shortfalls, splitWouldFill: shortfalls.length === 0 };
}

/**
 * Units of these SKUs arrived: the orders waiting for any of them, earliest payment first (then
 * the order id, by code units), each reserved whole if the rule fills it now.
 */
function wake(m: Model, skus: readonly SkuCode[]): void {
  const waiting = m.orders
    .filter((o) => o.status === 'awaiting_stock' && o.lines.some((l) => skus.includes(l.sku)))
    .sort((a, b) =>
      a.paidAt !== b.paidAt ? (a.paidAt < b.paidAt ? -1 : 1) : a.orderId < b.orderId ? -1 : 1,
    );
  for (const o of waiting) {
    const plan = decide(m, o.storefront, o.lines);
    if (plan.status !== 'reserved') continue;
    for (const p of plan.picks) m.levels[cell(p.sku, p.warehouse)].reserved += p.quantity;
    o.status = 'reserved';
    o.picks = plan.picks;
    o.returned = plan.picks.map(() => false);
  }
}

// Ids of the seeded seller, and back to the codes the model speaks in.
const warehouseId = (s: Seller, w: WarehouseCode) => (w === 'TX' ? s.tx : s.ca);
const storefrontId = (s: Seller, sf: StorefrontCode) => (sf === 'US' ? s.us : s.mx);
const skuCode = (s: Seller, id: string) => SKUS.find((c) => s.sku[c] === id) ?? `unknown sku ${id}`;
const warehouseCode = (s: Seller, id: string) =>
  PRIORITY.find((w) => warehouseId(s, w) === id) ?? `unknown warehouse ${id}`;
const storefrontCode = (s: Seller, id: string) => (id === s.us ? 'US' : id === s.mx ? 'MX' : `unknown ${id}`);

/** The real outcome in the model's words, to compare with `decide`. */
function asDecision(s: Seller, outcome: OrderOutcome): Decision {
  switch (outcome.status) {
    case 'reserved':
      return {
        status: 'reserved',
        picks: outcome.picks
          .map((p) => ({
            sku: skuCode(s, p.skuId),
            warehouse: warehouseCode(s, p.warehouseId),
            quantity: p.quantity,
          }))
          .sort(byCell),
      };
    case 'awaiting_stock':
      return {
        status: 'awaiting_stock',
        shortfalls: outcome.shortfalls.map((f) => ({
          sku: skuCode(s, f.skuId),
          wanted: f.wanted,
          available: f.available,
        })),
        splitWouldFill: outcome.splitWouldFill,
      };
    case 'duplicate':
      return { status: 'duplicate', orderId: outcome.orderId };
    case 'cancelled':
      throw new Error(`the model sends no cancel before its order, yet ${outcome.orderId} came cancelled`);
  }
}

const movement = (r: Real, sku: SkuCode, warehouse: WarehouseCode, reason?: string): Movement => ({
  organizationId: r.s.org,
  skuId: r.s.sku[sku],
  warehouseId: warehouseId(r.s, warehouse),
  actor: 'model',
  reason,
});

/** The call is refused with a StockError of this code. */
async function expectRefused(attempt: Promise<unknown>, code: StockError['code']): Promise<void> {
  const error = await attempt.then(
    (value) => `resolved ${String(value)}`,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StockError);
  expect(error).toMatchObject({ code });
}

/** After every step: the store says what the model says, and the ledger adds up. */
async function expectAgreement(m: Model, r: Real): Promise<void> {
  const { db } = r.store;
  const rows = await db
    .selectFrom('stock_levels')
    .select(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
    .execute();
  const stored: Record<string, Level> = emptyLevels();
  for (const row of rows)
    stored[`${skuCode(r.s, row.sku_id)}@${warehouseCode(r.s, row.warehouse_id)}`] = {
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
    };
  expect(stored).toEqual(m.levels);
  expect(rows.filter((row) => Number(row.reserved) > Number(row.on_hand))).toEqual([]);
  expect(await verifyLedger(r.store)).toEqual([]);

  const orders = await db.selectFrom('orders').select(['storefront_id', 'external_id', 'status']).execute();
  const storedLabel = (o: { storefront_id: string; external_id: string }) =>
    label({ storefront: storefrontCode(r.s, o.storefront_id), externalId: o.external_id });
  expect(Object.fromEntries(orders.map((o) => [storedLabel(o), o.status]))).toEqual(
    Object.fromEntries(m.orders.map((o) => [label(o), o.status])),
  );

  const held = await db
    .selectFrom('reservations as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['o.storefront_id', 'o.external_id', 'r.sku_id', 'r.warehouse_id', 'r.quantity'])
    .where('r.status', '=', 'active')
    .execute();
  const heldKey = (h: { order: string; sku: string; warehouse: string }) =>
    `${h.order} ${h.sku}@${h.warehouse}`;
  const sortHeld = <T extends { order: string; sku: string; warehouse: string }>(list: T[]) =>
    list.sort((a, b) => heldKey(a).localeCompare(heldKey(b)));
  expect(
    sortHeld(
      held.map((h) => ({
        order: storedLabel(h),
        sku: skuCode(r.s, h.sku_id),
        warehouse: warehouseCode(r.s, h.warehouse_id),
        quantity: Number(h.quantity),
      })),
    ),
  ).toEqual(
    sortHeld(
      m.orders
        .filter((o) => o.status === 'reserved')
        .flatMap((o) => o.picks.map((p) => ({ order: label(o), ...p }))),
    ),
  );
}

/** One command: its outcome checked as it runs, then the whole store checked against the model. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  abstract check(m: Readonly<Model>): boolean;
  abstract toString(): string;
  protected abstract apply(m: Model, r: Real): Promise<void>;
  /** The step as it resolves in this state of the model: which order a picked index means. */
  describe(_m: Readonly<Model>): string {
    return this.toString();
  }
  async run(m: Model, r: Real): Promise<void> {
    r.trace.push(this.describe(m));
    await this.apply(m, r);
    await expectAgreement(m, r);
  }
}

class Receive extends Step {
  constructor(
    readonly sku: SkuCode,
    readonly warehouse: WarehouseCode,
    readonly quantity: number,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `Receive(${this.sku}@${this.warehouse} +${this.quantity})`;
  }
  protected async apply(m: Model, r: Real) {
    expect(await receive(r.store, movement(r, this.sku, this.warehouse), this.quantity)).toBe('applied');
    m.levels[cell(this.sku, this.warehouse)].onHand += this.quantity;
    wake(m, [this.sku]);
  }
}

class Adjust extends Step {
  constructor(
    readonly sku: SkuCode,
    readonly warehouse: WarehouseCode,
    readonly delta: number,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `Adjust(${this.sku}@${this.warehouse} ${this.delta > 0 ? '+' : ''}${this.delta})`;
  }
  protected async apply(m: Model, r: Real) {
    const level = m.levels[cell(this.sku, this.warehouse)];
    const attempt = adjust(r.store, movement(r, this.sku, this.warehouse, 'test'), this.delta);
    if (level.onHand + this.delta < level.reserved) return expectRefused(attempt, 'BELOW_RESERVED');
    expect(await attempt).toBe('applied');
    level.onHand += this.delta;
    if (this.delta > 0) wake(m, [this.sku]);
  }
}

class Transfer extends Step {
  constructor(
    readonly sku: SkuCode,
    readonly from: WarehouseCode,
    readonly to: WarehouseCode,
    readonly quantity: number,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `Transfer(${this.sku} ${this.from}→${this.to} ${this.quantity})`;
  }
  protected async apply(m: Model, r: Real) {
    const out = m.levels[cell(this.sku, this.from)];
    const attempt = transfer(
      r.store,
      movement(r, this.sku, this.from),
      warehouseId(r.s, this.to),
      this.quantity,
    );
    if (out.onHand - this.quantity < out.reserved) return expectRefused(attempt, 'BELOW_RESERVED');
    expect(await attempt).toBe('applied');
    out.onHand -= this.quantity;
    m.levels[cell(this.sku, this.to)].onHand += this.quantity;
    wake(m, [this.sku]);
  }
}

class PlaceOrder extends Step {
  constructor(
    readonly storefront: StorefrontCode,
    readonly externalId: string,
    readonly lines: readonly Line[],
    /** Minutes after 22:00 UTC: orders are not placed in the order they were paid. */
    readonly paidMinute: number,
  ) {
    super();
  }
  get paidAt() {
    return `2026-05-22T22:${String(this.paidMinute).padStart(2, '0')}:00Z`;
  }
  check() {
    return true;
  }
  toString() {
    return `PlaceOrder(${label(this)} paid ${this.paidAt}: ${this.lines.map((l) => `${l.quantity}×${l.sku}`).join(' + ')})`;
  }
  protected async apply(m: Model, r: Real) {
    const order: OrderInput = {
      organizationId: r.s.org,
      storefrontId: storefrontId(r.s, this.storefront),
      externalId: this.externalId,
      paidAt: this.paidAt,
      currency: this.storefront === 'US' ? 'USD' : 'MXN',
      lines: this.lines.map((l) => ({ skuId: r.s.sku[l.sku], quantity: l.quantity, unitPriceMinor: 1000 })),
      actor: 'model',
    };
    const outcome = await reserveOrder(r.store, order, r.s.rule);
    const existing = m.orders.find(
      (o) => o.storefront === this.storefront && o.externalId === this.externalId,
    );
    if (existing) {
      expect(outcome).toEqual({ status: 'duplicate', orderId: existing.orderId });
      return;
    }
    const plan = decide(m, this.storefront, this.lines);
    expect(asDecision(r.s, outcome)).toEqual(plan);
    const picks = plan.status === 'reserved' ? plan.picks : [];
    for (const p of picks) m.levels[cell(p.sku, p.warehouse)].reserved += p.quantity;
    m.orders.push({
      storefront: this.storefront,
      externalId: this.externalId,
      orderId: outcome.orderId,
      status: plan.status,
      picks,
      returned: picks.map(() => false),
      lines: this.lines,
      paidAt: new Date(this.paidAt).toISOString(),
    });
  }
}

/**
 * A step on one of the orders placed so far whose status is one of `acting`: the index, taken modulo
 * their number, picks it in the current model, so it still means an order after shrinking.
 */
abstract class OrderStep extends Step {
  protected abstract readonly acting: readonly ModelOrder['status'][];
  constructor(readonly index: number) {
    super();
  }
  private candidates(m: Readonly<Model>) {
    return m.orders.filter((o) => this.acting.includes(o.status));
  }
  check(m: Readonly<Model>) {
    return this.candidates(m).length > 0;
  }
  protected target(m: Readonly<Model>): ModelOrder {
    const list = this.candidates(m);
    return list[this.index % list.length] as ModelOrder;
  }
  override describe(m: Readonly<Model>) {
    const o = this.target(m);
    return `${this.constructor.name}(${label(o)}, ${o.status})`;
  }
}

/** Ships a reserved order, or ships a shipped one again. */
class Ship extends OrderStep {
  protected readonly acting = ['reserved', 'shipped'] as const;
  toString() {
    return `Ship(reserved or shipped order #${this.index})`;
  }
  protected async apply(m: Model, r: Real) {
    const o = this.target(m);
    const shipment = { carrier: 'UPS', tracking: `1Z${o.externalId}`, actor: 'model' };
    if (o.status === 'shipped') {
      expect(await shipOrder(r.store, o.orderId, shipment)).toBe('already_shipped');
      return;
    }
    expect(await shipOrder(r.store, o.orderId, shipment)).toBe('shipped');
    for (const p of o.picks) {
      const level = m.levels[cell(p.sku, p.warehouse)];
      level.onHand -= p.quantity;
      level.reserved -= p.quantity;
    }
    o.status = 'shipped';
  }
}

/** Cancels any order: what a reserved one holds is released; a shipped one refuses. */
class Cancel extends OrderStep {
  protected readonly acting = ['reserved', 'awaiting_stock', 'cancelled', 'shipped'] as const;
  toString() {
    return `Cancel(order #${this.index})`;
  }
  protected async apply(m: Model, r: Real) {
    const o = this.target(m);
    const cancel = () => cancelOrder(r.store, o.orderId, 'model', 'buyer cancelled');
    switch (o.status) {
      case 'reserved':
      case 'awaiting_stock':
        expect(await cancel()).toBe('cancelled');
        o.status = 'cancelled';
        if (o.picks.length) {
          for (const p of o.picks) m.levels[cell(p.sku, p.warehouse)].reserved -= p.quantity;
          wake(m, [...new Set(o.picks.map((p) => p.sku))]);
        }
        return;
      case 'cancelled':
        expect(await cancel()).toBe('already_cancelled');
        return;
      case 'shipped':
        await expect(cancel()).rejects.toThrow('has shipped: record a return instead');
    }
  }
}

/** Returns one parcel line of a shipped order (a SKU from the warehouse that shipped it), once. */
class Return extends Step {
  constructor(
    readonly index: number,
    readonly sellable: boolean,
  ) {
    super();
  }
  private returnable(m: Readonly<Model>) {
    return m.orders.flatMap((o) =>
      o.status === 'shipped' ? o.picks.flatMap((p, i) => (o.returned[i] ? [] : [{ o, p, i }])) : [],
    );
  }
  private target(m: Readonly<Model>) {
    const list = this.returnable(m);
    return list[this.index % list.length] as (typeof list)[number];
  }
  check(m: Readonly<Model>) {
    return this.returnable(m).length > 0;
  }
  toString() {
    return `Return(parcel line #${this.index}, ${this.sellable ? 'sellable' : 'damaged'})`;
  }
  override describe(m: Readonly<Model>) {
    const { o, p } = this.target(m);
    return `Return(${label(o)} ${p.quantity}×${p.sku}@${p.warehouse}, ${this.sellable ? 'sellable' : 'damaged'})`;
  }
  protected async apply(m: Model, r: Real) {
    const { o, p, i } = this.target(m);
    await returnItems(r.store, {
      orderId: o.orderId,
      skuId: r.s.sku[p.sku],
      warehouseId: warehouseId(r.s, p.warehouse),
      quantity: p.quantity,
      sellable: this.sellable,
      actor: 'model',
    });
    o.returned[i] = true;
    if (this.sellable) {
      m.levels[cell(p.sku, p.warehouse)].onHand += p.quantity;
      wake(m, [p.sku]);
    }
  }
}

/** A and B more often than C, so that stock and demand meet on the same SKUs. */
const sku = fc.oneof(
  { weight: 3, arbitrary: fc.constant<SkuCode>('A') },
  { weight: 2, arbitrary: fc.constant<SkuCode>('B') },
  { weight: 1, arbitrary: fc.constant<SkuCode>('C') },
);
const warehouse = fc.constantFrom(...PRIORITY);
const receiveStep = fc
  .tuple(sku, warehouse, fc.integer({ min: 1, max: 5 }))
  .map(([k, w, q]) => new Receive(k, w, q));
const placeStep = fc
  .tuple(
    fc.constantFrom<StorefrontCode>('US', 'MX'),
    fc.integer({ min: 1, max: 6 }), // a small pool of external ids, so that re-deliveries happen
    fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }),
    fc.integer({ min: 0, max: 5 }), // few minutes, so that ties (broken by order id) happen too
  )
  .map(([sf, n, lines, minute]) => new PlaceOrder(sf, `O-${n}`, lines, minute));
/** Each run starts with a few receipts, so that its first orders find stock. */
const opening = fc.array(receiveStep, { maxLength: 6, size: 'max' });
/** Receipts and orders weigh more, so that runs build up stock and orders to act on. */
const steps: fc.Arbitrary<Step>[] = [
  receiveStep,
  receiveStep,
  fc.tuple(sku, warehouse, fc.constantFrom(-3, -2, -1, 1, 2, 3)).map(([k, w, d]) => new Adjust(k, w, d)),
  fc
    .tuple(sku, warehouse, fc.integer({ min: 1, max: 5 }))
    .map(([k, from, q]) => new Transfer(k, from, from === 'TX' ? 'CA' : 'TX', q)),
  placeStep,
  placeStep,
  fc.nat().map((i) => new Ship(i)),
  fc.nat().map((i) => new Ship(i)),
  fc.nat().map((i) => new Cancel(i)),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, sellable]) => new Return(i, sellable)),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, sellable]) => new Return(i, sellable)),
];

const RUNS = 40;
const MAX_STEPS = 25;

describe.each(engines)('the ledger against a model, on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeAll(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store, { mxAllowSplit: true });
  });
  afterAll(async () => {
    await store.dispose();
  });

  /** Back to the seeded seller with no stock and no orders: what a run changes, and nothing else. */
  async function clearActivity() {
    await store.db.deleteFrom('reservations').execute();
    await store.db.deleteFrom('order_lines').execute();
    await store.db.deleteFrom('stock_movements').execute();
    await store.db.deleteFrom('published_quantities').execute();
    await store.db.deleteFrom('alerts').execute();
    await store.db.deleteFrom('orders').execute();
    await store.db.deleteFrom('stock_levels').execute();
  }

  it(`keeps levels, orders and reservations equal to the model after every step (${RUNS} runs, up to ${MAX_STEPS} steps after the opening receipts)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        opening,
        fc.commands(steps, { maxCommands: MAX_STEPS, size: 'max' }),
        async (first, then) => {
          const commands = [...first, ...then];
          await clearActivity();
          const real: Real = { store, s, trace: [] };
          try {
            await fc.asyncModelRun(() => ({ model: { levels: emptyLevels(), orders: [] }, real }), commands);
          } catch (error) {
            if (error instanceof Error)
              error.message += `\n\nThe run, step by step:\n  ${real.trace.join('\n  ')}  ← failed here`;
            throw error;
          }
        },
      ),
      {
        numRuns: RUNS,
        // Besides the random runs: two orders wait for A, placed in the other order than they were
        // paid; a receipt fits one of them, which must be the one paid first. Then a cancel frees
        // its units for the other.
        examples: [
          [
            [],
            [
              new PlaceOrder('MX', 'O-1', [{ sku: 'A', quantity: 2 }], 5),
              new PlaceOrder('US', 'O-2', [{ sku: 'A', quantity: 2 }], 1),
              new Receive('A', 'CA', 3),
              new Cancel(0),
            ],
          ],
        ],
      },
    );
  });
});
