import type { Generated } from 'kysely';

/**
 * The database, as Kysely sees it. The same tables on SQLite and PostgreSQL: times are ISO-8601 UTC
 * text (sortable, identical on both engines), money integer minor units, flags 0/1 integers. Every
 * table carries `organization_id` (DESIGN.md: a 3PL keeps hundreds of sellers in one database).
 */
interface OrderCountRow {
  organization_id: string;
  warehouse_id: string;
  status: string;
  due_hour: string;
  n: number;
  units: number;
}

interface DispatchCountRow {
  organization_id: string;
  storefront_id: string;
  warehouse_id: string;
  ship_hour: string;
  outcome: string;
  n: number;
}

interface DemandDayRow {
  organization_id: string;
  sku_id: string;
  storefront_id: string;
  /** The order's queue, '' while it waits with none. */
  warehouse_id: string;
  /** UTC day of payment, YYYY-MM-DD. */
  day: string;
  units: number;
}

export const transitModes = ['sea', 'air', 'express'] as const;
export type TransitMode = (typeof transitModes)[number];
export const skuClasses = ['core', 'test'] as const;
export type SkuClass = (typeof skuClasses)[number];

export interface Database {
  /** A seller's company; disabled by a platform administrator, its users and jobs stop (nothing is deleted). */
  organizations: { id: string; name: string; created_at: string; disabled_at: string | null };
  /** Users who manage organizations (create, list, disable): distinct from an organization's owner. */
  platform_admins: { organization_id: string; user_id: string; granted_by: string; granted_at: string };
  warehouses: {
    id: string;
    organization_id: string;
    code: string;
    name: string;
    country: string;
    state: string | null;
    time_zone: string;
    cutoff: string;
    holiday_calendar: string;
    lead_time_days: number;
    /** Matches the warehouse to a marketplace's warehouse (TikTok Shop) when set. */
    postal_code: Generated<string | null>;
    /** Bumped on every change: the ETag a config edit must match. */
    version: Generated<number>;
    /** When the morning digest goes out, HH:MM on the warehouse's clock; null: no digest (digestSchema.ts). */
    digest_at: Generated<string | null>;
    created_at: string;
  };
  skus: {
    id: string;
    organization_id: string;
    sku: string;
    title: string;
    program_category: string | null;
    verdict: string | null;
    weight_g: number | null;
    fragile: number;
    customized: number;
    lead_time_days: number | null;
    created_at: string;
    updated_at: string;
  };
  stock_levels: {
    organization_id: string;
    sku_id: string;
    warehouse_id: string;
    on_hand: number;
    reserved: number;
    inbound: number;
    inbound_eta: string | null;
    updated_at: string;
  };
  stock_movements: {
    id: Generated<number>;
    organization_id: string;
    sku_id: string;
    warehouse_id: string;
    kind: MovementKind;
    on_hand_delta: number;
    reserved_delta: number;
    reason: string | null;
    actor: string;
    order_id: string | null;
    idempotency_key: string | null;
    created_at: string;
  };
  storefronts: {
    id: string;
    organization_id: string;
    code: string;
    name: string;
    platform: string;
    region: string;
    currency: string;
    policy_id: string;
    buffer_units: number;
    buffer_percent: number;
    allow_split: number;
    /** AES-256-GCM ciphertext of the order-webhook secret (it must be read back to check signatures). */
    webhook_secret: string | null;
    version: Generated<number>;
    created_at: string;
  };
  storefront_warehouses: { storefront_id: string; warehouse_id: string; priority: number };
  orders: {
    id: string;
    organization_id: string;
    storefront_id: string;
    external_id: string;
    status: OrderStatus;
    currency: string;
    total_minor: number;
    paid_at: string;
    /** The platform deadline [P11]. */
    ship_by: string | null;
    /** The operational deadline: the shipping warehouse's last carrier cut-off at or before `ship_by`. */
    operational_by: string | null;
    /** The warehouse whose queue the order is in: the one that ships it (first pickup), or that it waits on. */
    warehouse_id: string | null;
    waiting_reason: string | null;
    shipped_at: string | null;
    carrier: string | null;
    tracking: string | null;
    /** The marketplace's own latest ship time (TikTok's rts_sla_time / shipping_due_time), when a connector brings one. */
    marketplace_ship_by: Generated<string | null>;
    /** The policy's deadline [P11] as Puente computed it; `ship_by` is the earlier of it and the marketplace's. */
    policy_ship_by: Generated<string | null>;
    created_at: string;
    updated_at: string;
  };
  order_lines: {
    id: string;
    order_id: string;
    line_no: number;
    sku_id: string;
    quantity: number;
    unit_price_minor: number;
  };
  reservations: {
    id: string;
    organization_id: string;
    order_id: string;
    sku_id: string;
    warehouse_id: string;
    quantity: number;
    status: 'active' | 'consumed' | 'released';
    created_at: string;
  };
  alerts: {
    id: string;
    organization_id: string;
    kind: string;
    subject: string;
    state: 'open' | 'acknowledged' | 'resolved';
    severity: 'info' | 'warning' | 'critical';
    message: string;
    data: string;
    created_at: string;
    updated_at: string;
    resolved_at: string | null;
  };
  notify_channels: {
    id: string;
    organization_id: string;
    kind: 'feishu' | 'wecom' | 'slack' | 'email' | 'webhook';
    name: string;
    language: 'zh-CN' | 'en' | 'es-MX';
    sealed_url: string | null;
    url_origin: string | null;
    sealed_secret: string | null;
    recipients: string | null;
    time_zone: string;
    /** Quiet hours, `HH:mm` in `time_zone`; both null = none. */
    quiet_from: string | null;
    quiet_to: string | null;
    escalate_after_minutes: number | null;
    escalate_to: string | null;
    send_resolved: number;
    created_at: string;
    updated_at: string;
    removed_at: string | null;
    /** E-mail channels: comma-separated roles also written to, each user per their preferences. */
    audience: string | null;
  };
  notify_user_prefs: {
    user_id: string;
    organization_id: string;
    email_alerts: number;
    kinds: string;
    min_severity: 'info' | 'warning' | 'critical' | null;
    language: 'zh-CN' | 'en' | 'es-MX' | null;
    digest: number;
    updated_at: string;
  };
  smtp_settings: {
    organization_id: string;
    host: string;
    port: number;
    username: string | null;
    sealed_password: string | null;
    from_address: string;
    starttls: number;
    updated_at: string;
  };
  notify_routes: {
    id: string;
    organization_id: string;
    channel_id: string;
    kinds: string;
    min_severity: 'info' | 'warning' | 'critical' | null;
    warehouse: string | null;
    storefront: string | null;
    created_at: string;
  };
  notify_deliveries: {
    id: string;
    organization_id: string;
    /** Null on a morning digest's delivery. */
    alert_id: string | null;
    channel_id: string;
    reason: 'raised' | 'worsened' | 'escalated' | 'resolved' | 'digest';
    figures: string;
    status: 'pending' | 'sent' | 'failed';
    attempts: number;
    last_error: string | null;
    next_attempt_at: string;
    claimed_by: string | null;
    claim_until: string | null;
    message_id: string | null;
    created_at: string;
    sent_at: string | null;
    /** A morning digest's delivery: JSON {warehouse, day, at}; null on an alert's. */
    digest: string | null;
  };
  fx_rates: {
    organization_id: string;
    base: string;
    quote: string;
    effective_date: string;
    rate: string;
  };
  /** A seller's rate card for a carrier or line (costData.ts). */
  rate_cards: {
    organization_id: string;
    code: string;
    name: string;
    route: string;
    leg: string;
    currency: string;
    per_parcel_minor: number;
    per_kg_minor: number;
    fee_per_parcel_minor: number;
    per_entry_minor: number;
    units_per_entry: number | null;
    volumetric_divisor: number | null;
    transit_days: number;
    updated_at: string;
  };
  /** What a landed cost needs to know of a SKU beyond `skus` (costData.ts). */
  sku_costs: {
    organization_id: string;
    sku_id: string;
    unit_cost_minor: number;
    cost_currency: string;
    price_minor: number;
    price_currency: string;
    length_cm: number | null;
    width_cm: number | null;
    height_cm: number | null;
    hs_chapter: string;
    origin: string;
    rrna: number;
    updated_at: string;
  };
  published_quantities: {
    id: Generated<number>;
    organization_id: string;
    storefront_id: string;
    sku_id: string;
    quantity: number;
    created_at: string;
    sent_at: string | null;
    /** Why the last push of this figure failed (TikTok's code and message); null when it has not. */
    push_error: Generated<string | null>;
    push_attempts: Generated<number>;
  };
  /** Seller SKU → TikTok's product and SKU ids and assigned warehouses, per storefront (tiktokOutboxSchema.ts). */
  tiktok_skus: {
    storefront_id: string;
    organization_id: string;
    seller_sku: string;
    product_id: string;
    sku_id: string;
    warehouse_ids: string;
    updated_at: string;
  };
  /** Tracking to send to TikTok for a shipped order: written with the ship, sent after it. */
  tiktok_tracking: {
    id: string;
    organization_id: string;
    storefront_id: string;
    order_id: string;
    carrier: string;
    tracking: string;
    state: 'pending' | 'sent' | 'refused';
    attempts: Generated<number>;
    error_code: string | null;
    error: string | null;
    created_at: string;
    sent_at: string | null;
  };
  users: {
    id: string;
    organization_id: string;
    email: string;
    name: string;
    role: Role;
    password_hash: string;
    locale: string | null;
    disabled: number;
    created_at: string;
    updated_at: string;
  };
  /** Session and token secrets are stored as SHA-256 digests: a copied database opens no door. */
  sessions: {
    id_hash: string;
    organization_id: string;
    user_id: string;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  /** One-time password-reset links: the SHA-256 of the link's secret, never the secret. */
  password_resets: {
    token_hash: string;
    organization_id: string;
    user_id: string;
    /** Who made the link: `user:owner@shop.mx` or `cli:ana`. */
    created_by: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  api_tokens: {
    id: string;
    organization_id: string;
    name: string;
    scope: Scope;
    prefix: string;
    token_hash: string;
    created_by: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  /** A stored response per Idempotency-Key: a retried POST gets the first answer, not a second effect. */
  idempotency_keys: {
    organization_id: string;
    key: string;
    request_hash: string;
    status_code: number | null;
    response: string | null;
    created_at: string;
    /** Until when the request that claimed the key holds it (renewed while it runs); null when done. */
    lease_until: string | null;
  };
  /** A marketplace cancel received before its order: applied when the order arrives. */
  cancel_tombstones: {
    organization_id: string;
    storefront_id: string;
    external_id: string;
    reason: string;
    actor: string;
    received_at: string;
  };
  webhook_deliveries: {
    organization_id: string;
    storefront_id: string;
    delivery_id: string;
    received_at: string;
  };
  /** A storefront bound to a TikTok shop (tiktokSchema.ts): secrets sealed, times ISO UTC. */
  tiktok_connections: {
    storefront_id: string;
    organization_id: string;
    app_key: string;
    app_secret: string;
    access_token: string;
    access_expires_at: string;
    refresh_token: string;
    refresh_expires_at: string;
    token_version: number;
    shop_id: string;
    shop_cipher: string;
    shop_name: string;
    shop_code: string | null;
    shop_region: string;
    seller_type: string | null;
    api_base: string;
    auth_base: string;
    orders_watermark: string | null;
    /** When TikTok's stock was last read back and compared with Puente's (hourly). */
    reconciled_at: Generated<string | null>;
    /** The last order pull and stock push that went through (migration 016, the health panel). */
    last_pull_at: Generated<string | null>;
    last_push_at: Generated<string | null>;
    /** JSON `SyncError` (tiktokSyncHealth.ts): the last thing a sync could not do, and when. */
    last_error: Generated<string | null>;
    last_error_at: Generated<string | null>;
    created_at: string;
    updated_at: string;
  };
  /** The one-time `state` of a dashboard authorization (tiktokOAuthSchema.ts): its hash, never it. */
  tiktok_oauth_states: {
    state_hash: string;
    organization_id: string;
    /** The hash of the session that began it, as `sessions.id_hash` keeps it. */
    session_hash: string;
    user_id: string;
    storefront_id: string;
    app_key: string;
    /** Sealed with the server key, like the connection's. */
    app_secret: string;
    api_base: string;
    auth_base: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** A TikTok shop's warehouses, each with the Puente warehouse it stands for (or null). */
  tiktok_warehouses: {
    storefront_id: string;
    organization_id: string;
    tiktok_warehouse_id: string;
    name: string;
    type: string | null;
    sub_type: string | null;
    effect_status: string | null;
    is_default: number;
    state: string | null;
    city: string | null;
    postal_code: string | null;
    warehouse_id: string | null;
    mapped_by: 'auto' | 'manual' | null;
    updated_at: string;
  };
  /**
   * A TikTok order as last applied (tiktokOrderSchema.ts): one row per (storefront, TikTok order id),
   * the Puente order it became (none while unpaid), the SKUs it waits for when parked.
   */
  tiktok_orders: {
    storefront_id: string;
    tiktok_order_id: string;
    organization_id: string;
    order_id: string | null;
    tiktok_status: string;
    /** TikTok's update_time (Unix s) of the version applied: an older version is not applied again. */
    update_time: number;
    /** JSON array of the seller SKUs Puente does not know, while the order is parked; else null. */
    unknown_skus: string | null;
    /** JSON: TikTok's own deadlines (rts_sla_time, shipping_due_time …) as ISO UTC. */
    sla: string;
    /** JSON: the order as mapped (orderMapping.ts), to take a parked order in without asking TikTok again. */
    mapped: string;
    created_at: string;
    updated_at: string;
  };
  /** The morning digests taken, one per warehouse and local day (digestSchema.ts). */
  digest_runs: {
    organization_id: string;
    warehouse_id: string;
    day: string;
    claimed_by: string;
    claimed_at: string;
  };
  /** Who may run a periodic job now: one holder per name until `expires_at`. */
  leases: { name: string; holder: string; expires_at: string };
  /**
   * Where the alert scan of an organization got to: the scan's clock at its last run and last full
   * pass, and the wall-clock time its last run started (orders changed since then are looked at again).
   */
  alert_scans: { organization_id: string; scanned_at: string; changes_from: string; full_at: string };
  /** Open orders per (warehouse queue or '', status, hour of the operational deadline or ''): see orderCounts.ts. */
  order_counts: OrderCountRow;
  /** PostgreSQL: changes to `order_counts` appended by its triggers, folded in by the alert scan. */
  order_count_changes: OrderCountRow;
  /** Orders per (storefront, queue, platform-deadline hour, outcome): see dispatchCounts.ts. */
  dispatch_counts: DispatchCountRow;
  dispatch_count_changes: DispatchCountRow;
  /** Daily demand per SKU × storefront × warehouse: see demandDays.ts. */
  demand_days: DemandDayRow;
  /** PostgreSQL: changes to `demand_days` appended by its triggers, folded in by the alert scan. */
  demand_day_changes: DemandDayRow;
  /** A storefront could not offer a SKU from `started_at` until `ended_at` (null: still out). */
  stock_outs: {
    organization_id: string;
    storefront_id: string;
    sku_id: string;
    started_at: string;
    ended_at: string | null;
  };
  suppliers: {
    id: string;
    organization_id: string;
    code: string;
    name: string;
    /** The language its purchase orders are written in (zh-CN, en, es-MX). */
    language: string;
    lead_time_days: number | null;
    created_at: string;
    updated_at: string;
  };
  /** How a SKU is bought: supplier, lead time, multiples, cost, transit; the class a seller pinned. */
  sku_plans: {
    sku_id: string;
    organization_id: string;
    supplier_id: string | null;
    lead_time_days: number | null;
    moq: number;
    case_pack: number;
    unit_cost_minor: number | null;
    currency: string | null;
    transit_mode: TransitMode;
    sea_days: number | null;
    air_days: number | null;
    express_days: number | null;
    pinned_class: SkuClass | null;
    updated_at: string;
  };
  inbound_shipments: {
    id: string;
    organization_id: string;
    /** The purchase order's number, shown to people and on the workbook. */
    number: string;
    supplier_id: string | null;
    warehouse_id: string;
    mode: TransitMode;
    /** Expected arrival day, YYYY-MM-DD. */
    eta: string;
    status: 'open' | 'received';
    created_by: string;
    created_at: string;
    received_at: string | null;
  };
  inbound_lines: {
    shipment_id: string;
    sku_id: string;
    quantity: number;
    unit_cost_minor: number | null;
    currency: string | null;
    /** Units counted in on receipt; null until received. */
    received_quantity: number | null;
  };
  audit_log: {
    id: Generated<number>;
    organization_id: string;
    actor: string;
    action: string;
    subject: string;
    data: string;
    created_at: string;
  };
  /** The seller's registered country and SPS [P4] (launchRecordsSchema.ts). */
  merchant_profiles: {
    organization_id: string;
    registered_country: string;
    sps: string | null;
    updated_by: string;
    updated_at: string;
  };
  /** A document an invitation category needs [P6], with its file's bytes. */
  launch_documents: {
    id: string;
    organization_id: string;
    /** A qualification id of the policy, e.g. `cofepris_operation_notice`. */
    kind: string;
    /** The invitation category it is for; null: any that needs its kind. */
    category: string | null;
    issued_on: string;
    expires_on: string | null;
    file_name: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    content: Uint8Array;
    created_by: string;
    created_at: string;
  };
  /** An application to the account manager for an invitation category [P6]. */
  invitation_applications: {
    organization_id: string;
    category: string;
    status: 'applied' | 'approved' | 'declined';
    applied_on: string;
    updated_by: string;
    updated_at: string;
  };
  check_jobs: {
    id: string;
    organization_id: string;
    file_name: string;
    status: 'queued' | 'running' | 'done' | 'failed';
    rows_done: number;
    rows_total: number | null;
    summary: string | null;
    error: string | null;
    options: string;
    actor: string;
    created_at: string;
    updated_at: string;
  };
  check_results: {
    job_id: string;
    row: number;
    sku: string;
    title: string;
    verdict: string;
    category: string | null;
    reason_codes: string;
    /** The result as checked, reasons as codes and params: messages are rendered per request language. */
    result: string;
  };
}

export const roles = ['owner', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];
export const scopes = ['read', 'write', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export const movementKinds = [
  'receive',
  'adjust',
  'count',
  'reserve',
  'release',
  'ship',
  'return',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementKind = (typeof movementKinds)[number];

export const orderStatuses = [
  'pending',
  'reserved',
  'shipped',
  'delivered',
  'cancelled',
  'awaiting_stock',
  /** Reserved, but the marketplace holds it (TikTok ON_HOLD): not to be shipped until the hold ends. */
  'on_hold',
  /** A marketplace order naming a SKU Puente does not know: it holds nothing until the SKU exists. */
  'parked',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];
