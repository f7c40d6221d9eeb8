import { LATE_DISPATCH_WARNING } from '../dispatch/dispatchStatus.ts';
import { daysOfCover } from '../stock/daysOfCover.ts';
import { addDays, launchRhythm } from './launchRhythm.ts';
import { isStarterCategory, type Playbook, playbookFor } from './playbook.ts';
import type { ReadinessFacts } from './readinessFacts.ts';

/**
 * The launch readiness plan [P18–P19]: each item of the seed's rhythm, done, missing or at risk,
 * with the day it must be done by. `missing`: not there yet, and there is still time. `at_risk`:
 * there but threatened (a document expiring, a rate over the line), or not there and its day has
 * passed or can no longer be met (a restock ordered today lands after it).
 */
export const readinessItemIds = [
  'merchant_eligible',
  'catalog_checked',
  'bestsellers_selected',
  'core_stock_cover',
  'invitation_documents',
  'invitation_applications',
  'storefronts_connected',
  'dispatch_rate',
  'notification_channels',
] as const;
export type ReadinessItemId = (typeof readinessItemIds)[number];
export type ReadinessStatus = 'done' | 'missing' | 'at_risk';

export interface ReadinessDetail {
  key: string;
  params: Record<string, string | number>;
}

export interface ReadinessItem {
  item: ReadinessItemId;
  status: ReadinessStatus;
  dueBy: string;
  /** The facts the item and its due date come from. */
  facts: string[];
  detail: ReadinessDetail;
  /** Not done and its day has passed. */
  overdue: boolean;
}

export interface ReadinessPlan {
  launch: string;
  today: string;
  playbook: Playbook;
  items: ReadinessItem[];
}

/** A document must stay valid this long after launch, or it is renewed during the launch month. */
export const DOCUMENT_MARGIN_DAYS = 30;
/** How many bestsellers a detail names. */
const NAMED = 3;

type Check = Omit<ReadinessItem, 'item' | 'dueBy' | 'facts' | 'overdue'>;
const check = (
  status: ReadinessItem['status'],
  key: string,
  params: ReadinessDetail['params'] = {},
): Check => ({
  status,
  detail: { key, params },
});

export function readinessPlan(f: ReadinessFacts): ReadinessPlan {
  const rhythm = launchRhythm(f.launch);
  const playbook = playbookFor(f.merchant.type);
  const item = (id: ReadinessItemId, dueBy: string, facts: string[], c: Check): ReadinessItem => {
    const overdue = c.status !== 'done' && f.today > dueBy;
    // Not done on its day: whatever it lacks now puts the launch at risk.
    return { item: id, dueBy, facts, ...c, status: overdue ? 'at_risk' : c.status, overdue };
  };
  return {
    launch: f.launch,
    today: f.today,
    playbook,
    items: [
      // [P4] who may join; needed before selection starts [P18].
      item('merchant_eligible', rhythm.selectFrom, ['P4', 'P18', 'P19'], merchantCheck(f)),
      // [P18] February: select from open categories, which starts with the catalog checked [P5–P8].
      item('catalog_checked', rhythm.selectBy, ['P5', 'P6', 'P7', 'P8', 'P18'], catalogCheck(f)),
      item('bestsellers_selected', rhythm.selectBy, ['P5', 'P18', 'P19'], bestsellerCheck(f, playbook)),
      // [P18] March: stock the US warehouse; [P13] core SKUs must have stock there in advance.
      item('core_stock_cover', rhythm.stockBy, ['P13', 'P14', 'P18'], coverCheck(f, rhythm.stockBy)),
      // [P6] the application to the AM goes out in March [P18] with its documents, so they are due as March starts.
      item('invitation_documents', rhythm.stockFrom, ['P6', 'P18'], documentsCheck(f)),
      item('invitation_applications', rhythm.stockBy, ['P6', 'P18', 'P19'], applicationsCheck(f)),
      // [P19] a US local merchant warms up the TikTok Mexico account early: connected as selection starts.
      item(
        'storefronts_connected',
        playbook.connectEarly ? rhythm.selectFrom : rhythm.stockBy,
        ['P1', 'P19'],
        storefrontCheck(f),
      ),
      // [P11][P12] late dispatch costs score and ranking: steady before the first Mexican order.
      item('dispatch_rate', rhythm.stockBy, ['P11', 'P12'], dispatchCheck(f)),
      // [P15] oversell warnings and dispatch-time monitoring must reach someone.
      item('notification_channels', rhythm.stockBy, ['P15'], channelsCheck(f)),
    ],
  };
}

function merchantCheck(f: ReadinessFacts): Check {
  const e = f.merchant.eligibility;
  const type = f.merchant.type ?? 'unknown';
  if (!e) return check('missing', 'merchant_profile_missing');
  if (e.status === 'eligible') return check('done', 'merchant_eligible', { type, ...e.params });
  if (e.code === 'MERCHANT_SPS_MISSING')
    return check('missing', 'merchant_sps_missing', { type, ...e.params });
  if (e.code === 'MERCHANT_SPS_BELOW_MINIMUM')
    return check('at_risk', 'merchant_sps_below', { type, ...e.params });
  return check('at_risk', 'merchant_country', e.params);
}

function catalogCheck(f: ReadinessFacts): Check {
  const c = f.catalog;
  if (c.total === 0) return check('missing', 'catalog_empty');
  if (c.unchecked > 0)
    return check('missing', 'catalog_unchecked', { unchecked: c.unchecked, total: c.total });
  const params = {
    total: c.total,
    allowed: c.allowed,
    share: Math.round((c.allowed / c.total) * 100),
    invitation: c.needsInvitation,
    blocked: c.blocked,
  };
  if (c.allowed === 0) return check('at_risk', 'catalog_none_allowed', params);
  return check('done', 'catalog_checked', params);
}

function bestsellerCheck(f: ReadinessFacts, playbook: Playbook): Check {
  const starter = playbook.starterCategories.join(', ');
  if (f.bestsellers.length === 0) return check('missing', 'bestsellers_none', { starter });
  const onPlaybook = f.bestsellers.filter((b) => isStarterCategory(playbook, b.category));
  const named = (list: typeof f.bestsellers) =>
    list
      .slice(0, NAMED)
      .map((b) => `${b.sku} (${b.units})`)
      .join(', ');
  // [P19] the Chinese cross-border playbook starts with 3C and pets: others can follow, not lead.
  if (onPlaybook.length === 0)
    return check('at_risk', 'bestsellers_off_playbook', {
      count: f.bestsellers.length,
      top: named(f.bestsellers),
      starter,
    });
  return check('done', 'bestsellers_selected', { count: onPlaybook.length, top: named(onPlaybook) });
}

function coverCheck(f: ReadinessFacts, dueBy: string): Check {
  if (f.core.length === 0) return check('missing', 'core_none', { days: f.coverDays });
  const short = f.core
    .map((c) => ({
      ...c,
      cover:
        c.available + c.inboundInTime <= 0
          ? 0
          : daysOfCover(c.available + c.inboundInTime, c.orderedLast14Days),
    }))
    .filter((c) => c.cover < f.coverDays)
    .sort((a, b) => a.cover - b.cover || a.sku.localeCompare(b.sku));
  if (short.length === 0) return check('done', 'core_covered', { count: f.core.length, days: f.coverDays });
  // A restock ordered today arrives after its lead time: past the day, the gap stays at launch.
  const longest = Math.max(...short.map((c) => c.leadTimeDays));
  const late = addDays(f.today, longest) > dueBy;
  return check(late ? 'at_risk' : 'missing', late ? 'core_short_late' : 'core_short', {
    short: short.length,
    count: f.core.length,
    days: f.coverDays,
    lead: longest,
    arrives: addDays(f.today, longest),
    examples: short
      .slice(0, NAMED)
      .map((c) => `${c.sku} (${Number.isFinite(c.cover) ? Math.floor(c.cover) : '∞'})`)
      .join(', '),
  });
}

/** The documents each needed invitation category lacks, or holds only until too soon. */
function documentsCheck(f: ReadinessFacts): Check {
  const needs = f.invitationCategories.filter((c) => c.requires.length > 0);
  if (needs.length === 0) return check('done', 'documents_none_needed');
  const validUntil = addDays(f.launch, DOCUMENT_MARGIN_DAYS);
  const missing: string[] = [];
  const expiring: string[] = [];
  for (const need of needs) {
    for (const kind of need.requires) {
      const held = f.documents
        .filter((d) => d.kind === kind && (d.category === null || d.category === need.category))
        // The one that lasts longest counts (no expiry lasts longest).
        .sort((a, b) => (b.expiresOn ?? '9999-12-31').localeCompare(a.expiresOn ?? '9999-12-31'))[0];
      if (!held) missing.push(`${need.category}: ${kind}`);
      else if (held.expiresOn !== null && held.expiresOn < validUntil)
        expiring.push(`${need.category}: ${kind} ${held.expiresOn}`);
    }
  }
  if (missing.length > 0) return check('missing', 'documents_missing', { documents: missing.join('; ') });
  if (expiring.length > 0)
    return check('at_risk', 'documents_expiring', {
      documents: expiring.join('; '),
      until: validUntil,
      margin: DOCUMENT_MARGIN_DAYS,
    });
  return check('done', 'documents_held', { count: needs.reduce((n, c) => n + c.requires.length, 0) });
}

function applicationsCheck(f: ReadinessFacts): Check {
  if (f.invitationCategories.length === 0) return check('done', 'applications_none_needed');
  const status = new Map(f.applications.map((a) => [a.category, a.status]));
  const notApplied = f.invitationCategories.filter((c) => !status.has(c.category));
  const declined = f.invitationCategories.filter((c) => status.get(c.category) === 'declined');
  if (notApplied.length > 0)
    return check('missing', 'applications_missing', {
      categories: notApplied.map((c) => `${c.category} (${c.skus})`).join(', '),
    });
  if (declined.length > 0)
    return check('at_risk', 'applications_declined', {
      categories: declined.map((c) => c.category).join(', '),
    });
  const approved = f.invitationCategories.filter((c) => status.get(c.category) === 'approved').length;
  return check('done', 'applications_made', { approved, applied: f.invitationCategories.length - approved });
}

function storefrontCheck(f: ReadinessFacts): Check {
  if (f.storefronts.length === 0) return check('missing', 'storefronts_none');
  const off = f.storefronts.filter((s) => !s.connected).map((s) => s.code);
  if (off.length > 0) return check('missing', 'storefronts_unconnected', { codes: off.join(', ') });
  // [P1] the program sells to Mexico: a MX storefront is what launches.
  if (!f.storefronts.some((s) => s.region === 'MX')) return check('missing', 'storefronts_no_mx');
  return check('done', 'storefronts_connected', { codes: f.storefronts.map((s) => s.code).join(', ') });
}

function dispatchCheck(f: ReadinessFacts): Check {
  const { due, late } = f.dispatch7;
  if (due === 0) return check('missing', 'dispatch_no_orders');
  const rate = late / due;
  const params = { rate: (rate * 100).toFixed(1), late, due, limit: LATE_DISPATCH_WARNING * 100 };
  return rate < LATE_DISPATCH_WARNING
    ? check('done', 'dispatch_rate_ok', params)
    : check('at_risk', 'dispatch_rate_high', params);
}

function channelsCheck(f: ReadinessFacts): Check {
  return f.notificationChannels.set
    ? check('done', 'channels_set', { channels: f.notificationChannels.channels.join(', ') })
    : check('missing', 'channels_dashboard_only');
}
