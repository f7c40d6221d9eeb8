import { DateTime } from 'luxon';
import { defaultLaunch, launchRhythm } from '../domain/readiness/launchRhythm.ts';
import { type ReadinessPlan, readinessPlan } from '../domain/readiness/readinessPlan.ts';
import { invitationApplications, listLaunchDocuments } from '../store/launchRecords.ts';
import type { Store } from '../store/openDatabase.ts';
import {
  catalogVerdicts,
  coreSkuCover,
  invitationCategorySkus,
  lastWeekDispatch,
  openCategoryBestsellers,
  storefrontConnections,
} from '../store/readinessFigures.ts';
import { notificationChannels } from '../store/readinessInputs.ts';
import { listWarehouses } from '../store/settings.ts';
import { merchantStanding } from './launchRecords.ts';
import { loadPolicy } from './loadConfig.ts';

/**
 * Launch readiness [P18–P19] for the command line and the API: gathers the seller's figures and
 * hands them to the plan (domain/readiness/readinessPlan.ts). Reads only.
 */

/** Days of cover a core SKU needs in a US warehouse when none is asked: a month of sales. */
export const DEFAULT_COVER_DAYS = 30;

export interface ReadinessOptions {
  now: Date;
  /** YYYY-MM-DD; the next 1 April when absent. */
  launch?: string | undefined;
  coverDays?: number | undefined;
}

/**
 * The seller's today: the calendar date in the zone of its first warehouse (where the work is
 * done), UTC when it has none.
 */
async function sellerToday(
  store: Store,
  organizationId: string,
  now: Date,
): Promise<{ today: string; zone: string }> {
  const [first] = await listWarehouses(store, organizationId);
  const zone = first?.time_zone ?? 'UTC';
  return { today: DateTime.fromJSDate(now, { zone }).toISODate() as string, zone };
}

export async function launchReadiness(
  store: Store,
  organizationId: string,
  o: ReadinessOptions,
): Promise<ReadinessPlan & { zone: string; coverDays: number }> {
  const policy = await loadPolicy();
  const { today, zone } = await sellerToday(store, organizationId, o.now);
  const launch = o.launch ?? defaultLaunch(today);
  const coverDays = o.coverDays ?? DEFAULT_COVER_DAYS;
  const rhythm = launchRhythm(launch);
  const open = policy.categories.filter((c) => c.tier === 'open').map((c) => c.id);
  const requires = new Map(policy.categories.map((c) => [c.id, c.requires]));
  const [
    standing,
    catalog,
    bestsellers,
    core,
    invitations,
    applications,
    documents,
    storefronts,
    dispatch7,
    channels,
  ] = await Promise.all([
    merchantStanding(store, organizationId, policy),
    catalogVerdicts(store, organizationId),
    openCategoryBestsellers(store, organizationId, open, o.now),
    coreSkuCover(store, organizationId, o.now, rhythm.stockBy),
    invitationCategorySkus(store, organizationId),
    invitationApplications(store, organizationId),
    listLaunchDocuments(store, organizationId),
    storefrontConnections(store, organizationId),
    lastWeekDispatch(store, organizationId, o.now),
    notificationChannels(store, organizationId),
  ]);
  const plan = readinessPlan({
    today,
    launch,
    merchant: { eligibility: standing?.eligibility ?? null, type: standing?.type ?? null },
    catalog,
    bestsellers,
    coverDays,
    core,
    invitationCategories: invitations.map((c) => ({ ...c, requires: requires.get(c.category) ?? [] })),
    applications: applications.map((a) => ({
      category: a.category,
      status: a.status,
      appliedOn: a.applied_on,
    })),
    documents: documents.map((d) => ({
      kind: d.kind,
      category: d.category,
      issuedOn: d.issued_on,
      expiresOn: d.expires_on,
    })),
    storefronts,
    dispatch7,
    notificationChannels: channels,
  });
  return { ...plan, zone, coverDays };
}
