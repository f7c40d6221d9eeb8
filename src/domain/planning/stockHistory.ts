/**
 * A SKU's stock over time in one warehouse, from the ledger: the level now and the net movements of
 * each day (UTC) give every earlier day's closing figure, walking back — the closing stock of a day
 * is the next day's closing stock less that next day's movements. Nothing is stored for it: the
 * ledger already holds the history (stock_movements are append-only). Pure.
 */

/** The net change of one day's movements. */
export interface DayMovement {
  onHand: number;
  reserved: number;
}

/** The stock at the end of a day (UTC). */
export interface StockDay {
  date: string;
  /** Units on the shelf. */
  onHand: number;
  /** Units on the shelf not promised to an order (on hand − reserved): what the plan calls stock. */
  available: number;
}

/**
 * The closing stock of each of `days` (oldest first, the last one today), from the level now and the
 * net movements per day. Movements dated after the last day (a replay's clock ahead of the server's)
 * are taken back from today's figure, so today closes at what the level showed before them.
 */
export function stockByDay(
  days: readonly string[],
  now: DayMovement,
  movements: ReadonlyMap<string, DayMovement>,
): StockDay[] {
  const last = days[days.length - 1];
  let onHand = now.onHand;
  let reserved = now.reserved;
  if (last !== undefined)
    for (const [day, m] of movements)
      if (day > last) {
        onHand -= m.onHand;
        reserved -= m.reserved;
      }
  const out: StockDay[] = new Array(days.length);
  for (let i = days.length - 1; i >= 0; i--) {
    const date = days[i] as string;
    out[i] = { date, onHand, available: onHand - reserved };
    const m = movements.get(date);
    if (m) {
      onHand -= m.onHand;
      reserved -= m.reserved;
    }
  }
  return out;
}

/** Units on their way to a warehouse, by the day they are expected. */
export interface InboundDay {
  date: string;
  quantity: number;
  /** Open: still on its way (or late); received: arrived, at the quantity counted. */
  status: 'open' | 'received';
}

/**
 * Inbound units by expected date: each shipment line at its ETA, received ones at what was counted.
 * A level's inbound figure set by hand (not a shipment) shows at the level's ETA as open, for the
 * part the open shipments do not explain.
 */
export function inboundByDay(
  lines: readonly {
    eta: string;
    quantity: number;
    receivedQuantity: number | null;
    status: 'open' | 'received';
  }[],
  level: { inbound: number; inboundEta: string | null } | undefined,
): InboundDay[] {
  const byKey = new Map<string, InboundDay>();
  const add = (date: string, quantity: number, status: InboundDay['status']) => {
    if (quantity <= 0) return;
    const k = `${date}|${status}`;
    const d = byKey.get(k) ?? { date, quantity: 0, status };
    d.quantity += quantity;
    byKey.set(k, d);
  };
  let open = 0;
  for (const l of lines) {
    const quantity = l.status === 'received' ? (l.receivedQuantity ?? l.quantity) : l.quantity;
    if (l.status === 'open') open += l.quantity;
    add(l.eta.slice(0, 10), quantity, l.status);
  }
  if (level?.inboundEta && level.inbound > open)
    add(level.inboundEta.slice(0, 10), level.inbound - open, 'open');
  return [...byKey.values()].sort((a, b) => a.date.localeCompare(b.date) || a.status.localeCompare(b.status));
}
