import Database from 'better-sqlite3';

/**
 * Where the lines of an orders file wait until every line of each order has been read. An order's
 * lines may be anywhere in a file (two exports pasted together repeat an order at the far end), and
 * a 200 MB file does not fit in memory as objects, so the rows go to a private temporary SQLite
 * database on disk (whatever engine the store uses), then come back grouped by order, in the order
 * each order first appears in the file. SQLite sorts on disk when the file is big: memory stays flat.
 */
export interface StagedLine {
  key: string;
  row: number;
  storefront: string;
  orderId: string;
  paidAt: string;
  sku: string;
  /** The file's line id for this line, or '' (then the SKU names the line). */
  line: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  /** How many lines the file says the order has, when it says. */
  declared: number | null;
  /** Set when the row was refused: the whole order is then skipped. */
  refused: 0 | 1;
  /** A history's order already shipped: its ship time (ISO UTC), '' when open; carrier and tracking. */
  shippedAt: string;
  carrier: string;
  tracking: string;
  /** '' for a paid order; 'shipped' or 'cancelled' in a history. */
  status: string;
}

export class OrderStaging {
  // '' is SQLite's private temporary database: a file that is deleted when closed.
  private readonly db = new Database('');
  private readonly insert;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -8000');
    this.db.pragma('temp_store = FILE');
    this.db.exec(`create table staged (
      key text not null, row integer not null, storefront text not null, order_id text not null,
      paid_at text not null, sku text not null, line text not null, quantity integer not null,
      unit_price_minor integer not null, currency text not null, declared integer, refused integer not null,
      shipped_at text not null, carrier text not null, tracking text not null, status text not null)`);
    this.insert = this.db.prepare(
      `insert into staged values (@key, @row, @storefront, @orderId, @paidAt, @sku, @line, @quantity,
        @unitPriceMinor, @currency, @declared, @refused, @shippedAt, @carrier, @tracking, @status)`,
    );
  }

  add(lines: StagedLine[]): void {
    this.db.transaction(() => {
      for (const l of lines) this.insert.run(l);
    })();
  }

  orderCount(): number {
    return (this.db.prepare('select count(distinct key) as n from staged').get() as { n: number }).n;
  }

  /** Each order's lines, in row order; orders in the order they first appear in the file. */
  *orders(): Generator<StagedLine[]> {
    this.db.exec('create index staged_key on staged (key, row)');
    const rows = this.db
      .prepare(
        `select s.key, s.row, s.storefront, s.order_id as orderId, s.paid_at as paidAt, s.sku, s.line,
           s.quantity, s.unit_price_minor as unitPriceMinor, s.currency, s.declared, s.refused,
           s.shipped_at as shippedAt, s.carrier, s.tracking, s.status
         from staged s join (select key, min(row) as first from staged group by key) g on g.key = s.key
         order by g.first, s.row`,
      )
      .iterate() as IterableIterator<StagedLine>;
    let order: StagedLine[] = [];
    for (const r of rows) {
      if (order.length && (order[0] as StagedLine).key !== r.key) {
        yield order;
        order = [];
      }
      order.push(r);
    }
    if (order.length) yield order;
  }

  close(): void {
    this.db.close();
  }
}
