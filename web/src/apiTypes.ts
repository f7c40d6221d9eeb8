/** The shapes of the API's answers (API_CONTRACT.md), in the domain's words. */

export type Role = 'owner' | 'operator' | 'viewer';
export type UiLanguage = 'en' | 'zh-CN' | 'es-MX';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: UiLanguage | null;
  disabled: boolean;
  createdAt: string;
}

export interface Me {
  user: User;
  csrfToken: string;
  organization: { id: string; name: string };
}

export interface Money {
  minor: number;
  currency: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: 'read' | 'write' | 'admin';
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

export type HolidayCalendar = 'US-federal' | 'MX-federal' | 'none';

export interface Warehouse {
  id: string;
  code: string;
  name: string;
  country: string;
  state: string | null;
  timeZone: string;
  cutoff: string;
  holidayCalendar: HolidayCalendar;
  leadTimeDays: number;
  version: number;
}

export interface Storefront {
  id: string;
  code: string;
  name: string;
  platform: string;
  region: string;
  currency: string;
  policyId: string;
  bufferUnits: number;
  bufferPercent: number;
  allowSplit: boolean;
  warehouses: { code: string; priority: number }[];
  hasWebhookSecret: boolean;
  version: number;
}

export interface PolicySummary {
  id: string;
  name: string;
  version: string;
  effectiveFrom: string;
}

type Localized = Partial<Record<'en' | 'zh' | 'es', string>>;

export interface PolicyDocument extends PolicySummary {
  merchantEligibility?: {
    id: string;
    name: Localized;
    registeredCountries: string[];
    minSps: number | null;
    fact: string;
    source?: string;
  }[];
  categories?: {
    id: string;
    tier: 'open' | 'invitation' | 'prohibited' | 'excluded' | string;
    fact: string;
    name: Localized;
    requires?: string[];
  }[];
  unlisted?: { fact: string };
  qualifications?: { id: string; name: Localized }[];
  caps?: {
    currency: string;
    itemMaxMinor: number;
    itemFact: string;
    orderMaxMinor: number;
    orderFact: string;
  };
  dispatch?: {
    days: number;
    dayKind: string;
    clockStartsAt: string;
    cutoff: string;
    timeZone: string;
    holidayCalendar: string;
    fact: string;
    note?: string;
  };
  facts?: Record<string, string>;
}

export type Verdict = 'allowed' | 'needs_invitation' | 'blocked' | 'invalid';
export const verdicts: Verdict[] = ['allowed', 'needs_invitation', 'blocked', 'invalid'];

export interface CheckJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  fileName: string;
  rowsDone: number;
  rowsTotal: number | null;
  summary: CheckSummary | null;
  error: string | { code?: string; message?: string } | null;
  createdAt: string;
}

export interface CheckSummary {
  total: number;
  byVerdict: Record<Verdict, number>;
  byGrade: Record<'A' | 'B' | 'C', number>;
  byReason: Record<string, number>;
}

export interface Reason {
  code: string;
  message: string;
  fact: string | null;
}

export interface CheckResult {
  row: number;
  sku: string;
  title: string;
  verdict: Verdict;
  category: string | null;
  reasons: Reason[];
  fit: { grade: 'A' | 'B' | 'C'; flags: string[]; reason: string };
  priceMxn: number | null;
}

export interface Eligibility {
  eligible: boolean;
  status?: string;
  reasons: Reason[];
}

export interface StockLevel {
  sku: string;
  title: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
  inbound: number;
  inboundEta: string | null;
  daysOfCover: number | null;
  leadTimeDays: number;
  low: boolean;
}

export interface PublishedQuantity {
  storefront: string;
  sku: string;
  available: number;
  buffer: number;
  published: number;
}

export interface StockChange {
  result: 'applied' | 'duplicate';
  level: StockLevel;
}

export interface Movement {
  id: string | number;
  sku: string;
  warehouse: string;
  kind: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: string | null;
  actor: string;
  orderExternalId: string | null;
  createdAt: string;
}

export type OrderStatus =
  | 'pending'
  | 'reserved'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'awaiting_stock'
  | 'on_hold'
  | 'parked';
export const orderStatuses: OrderStatus[] = [
  'pending',
  'reserved',
  'shipped',
  'delivered',
  'cancelled',
  'awaiting_stock',
  'on_hold',
  'parked',
];

export interface WarehouseZone {
  code: string;
  timeZone: string;
}

export interface Order {
  id: string;
  externalId: string;
  storefront: string;
  status: OrderStatus;
  total: Money;
  paidAt: string;
  shipBy: string | null;
  shippedAt: string | null;
  carrier: string | null;
  tracking: string | null;
  waitingReason: string | null;
  lines: { sku: string; quantity: number; unitPrice: Money }[];
  warehouses: WarehouseZone[];
}

export type DispatchState = 'on_time' | 'at_risk' | 'late';

/** A board row as GET /board sends it: due by the deadline that comes first, and which one. */
export interface BoardRow {
  id: string;
  externalId: string;
  storefront: string;
  status: OrderStatus;
  paidAt: string;
  shipBy: string | null;
  operationalBy: string | null;
  dueBy: { at: string; kind: 'operational' | 'platform' } | null;
  state: DispatchState | 'awaiting_stock';
  warehouse: WarehouseZone | null;
  lines: { sku: string; quantity: number }[];
  shortfalls: { sku: string; wanted: number; available: number }[];
  /** TikTok's own deadline and Puente's, when more than a minute apart (shipBy is the earlier). */
  deadlineDisagreement: { marketplace: string; policy: string } | null;
}

/** What a board row shows: its dispatch state, or waiting for stock (never on time). */
export type BoardState = BoardRow['state'];

/** The waiting reason stored with an order awaiting stock (a JSON string in `waitingReason`). */
export interface WaitingReason {
  shortfalls: { sku: string; wanted: number; available: number }[];
  splitWouldFill: boolean;
}

/** POST /orders/:id/retry: reserved now, or still waiting with its shortfall. */
export interface RetryResult {
  outcome: 'reserved' | 'awaiting_stock';
  order: Order;
}

/** GET /orders/:id/returns: per SKU, what shipped, what came back, what still can. */
export interface Returnable {
  sku: string;
  shipped: number;
  returned: number;
  left: number;
}

export interface Board {
  now: string;
  items: BoardRow[];
  nextCursor: string | null;
}

export interface BulkShipResult {
  shipped: number;
  problems: { row: number; field: string | null; message: string }[];
}

export interface Overview {
  now: string;
  /** When the server counted these figures (it recomputes at most every few seconds). */
  computedAt: string;
  shipToday: { warehouse: string; timeZone: string; nextPickup: string; count: number }[];
  atRisk: number;
  late: number;
  awaitingStock: { orders: number; units: number; late: number };
  /** Per storefront: what waits for stock and the platform deadlines it puts at risk [P11]. */
  waitingExposure: {
    storefront: string;
    storefrontName: string;
    orders: number;
    unitsShort: number;
    late: number;
    dueWithin24h: number;
  }[];
  lateDispatch: { storefront: string; days: 7 | 30; late: number; total: number; rate: number }[];
  thresholds: { warning: number; limit: number };
  openOversellAlerts: number;
  lowStock: {
    sku: string;
    warehouse: string;
    available: number;
    daysOfCover: number | null;
    leadTimeDays: number;
  }[];
}

export type AlertState = 'open' | 'acknowledged' | 'resolved';
export type Severity = 'info' | 'warning' | 'critical';

export interface AlertItem {
  id: string;
  kind: string;
  subject: string;
  state: AlertState;
  severity: Severity;
  message: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
