/**
 * Which channels an alert goes to. A route names alert kinds, a least severity, and optionally a
 * warehouse or storefront (by code); a channel takes an alert when one of its routes matches. A
 * channel without routes takes every critical alert: "without any route, every critical alert goes
 * to every channel" (issue 12), so a fresh channel hears of an oversell at once [P11][P15].
 */

export const alertKinds = [
  'oversell',
  'low_stock',
  'ship_by_at_risk',
  'ship_by_late',
  'listing_not_compliant',
  'sync_failure',
] as const;
export type AlertKindName = (typeof alertKinds)[number];

/** Short names people type on the command line, beside the kinds' own names. */
const aliases: Record<string, AlertKindName> = {
  late: 'ship_by_late',
  at_risk: 'ship_by_at_risk',
  'at-risk': 'ship_by_at_risk',
  low: 'low_stock',
  'low-stock': 'low_stock',
  sync: 'sync_failure',
  connector: 'sync_failure',
  listing: 'listing_not_compliant',
};

/** The kind a typed name stands for, or null when it names none. */
export function alertKindOf(name: string): AlertKindName | null {
  const n = name.trim().toLowerCase();
  if ((alertKinds as readonly string[]).includes(n)) return n as AlertKindName;
  return aliases[n] ?? null;
}

export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];
export const severityRank = (s: string) => Math.max(0, severities.indexOf(s as Severity));

export interface RouteRule {
  channelId: string;
  /** Empty: every kind. */
  kinds: readonly string[];
  minSeverity: Severity | null;
  warehouse: string | null;
  storefront: string | null;
}

export interface AlertFacts {
  kind: string;
  severity: string;
  /** Codes the alert names in its data, when it has them. */
  warehouse?: string | null | undefined;
  storefront?: string | null | undefined;
}

export function routeMatches(route: RouteRule, alert: AlertFacts): boolean {
  if (route.kinds.length > 0 && !route.kinds.includes(alert.kind)) return false;
  if (route.minSeverity && severityRank(alert.severity) < severityRank(route.minSeverity)) return false;
  if (route.warehouse && route.warehouse.toUpperCase() !== (alert.warehouse ?? '').toUpperCase())
    return false;
  if (route.storefront && route.storefront.toUpperCase() !== (alert.storefront ?? '').toUpperCase())
    return false;
  return true;
}

/** The channels (of those given) that take the alert, in the order given. */
export function channelsFor(channelIds: readonly string[], routes: readonly RouteRule[], alert: AlertFacts) {
  return channelIds.filter((id) => {
    const own = routes.filter((r) => r.channelId === id);
    if (own.length === 0) return alert.severity === 'critical';
    return own.some((r) => routeMatches(r, alert));
  });
}
