/**
 * An open alert is delivered once; it is delivered again only when it gets worse (issue 12): more
 * orders waiting, more units short, or a higher severity. The figures are kept on each delivery.
 */

export interface AlertFigures {
  severity: number;
  orders: number;
  units: number;
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function figuresOf(severityRank: number, data: Record<string, unknown>): AlertFigures {
  return { severity: severityRank, orders: count(data.orders), units: count(data.unitsShort) };
}

export function isWorse(now: AlertFigures, before: AlertFigures): boolean {
  return now.severity > before.severity || now.orders > before.orders || now.units > before.units;
}
