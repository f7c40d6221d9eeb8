import type { Eligibility } from '../policy/merchant.ts';
import type { MerchantType } from './playbook.ts';

/**
 * What the readiness plan is computed from: plain figures the store gathers (services/
 * launchReadiness.ts). Nothing here reads a database or a clock.
 */
export interface ReadinessFacts {
  /** The seller's today, as a calendar date. */
  today: string;
  launch: string;
  merchant: { eligibility: Eligibility | null; type: MerchantType | null };
  catalog: { total: number; unchecked: number; allowed: number; needsInvitation: number; blocked: number };
  /** Open-category allowed SKUs that sold in the last 30 days and have stock in a US warehouse, best first. */
  bestsellers: { sku: string; category: string; units: number }[];
  /** The days of cover a core SKU needs in a US warehouse. */
  coverDays: number;
  core: CoreSkuCover[];
  /** Invitation categories the catalog has SKUs in, with the documents the policy requires [P6]. */
  invitationCategories: { category: string; skus: number; requires: string[] }[];
  applications: { category: string; status: ApplicationStatus; appliedOn: string }[];
  documents: { kind: string; category: string | null; issuedOn: string; expiresOn: string | null }[];
  storefronts: { code: string; region: string; connected: boolean }[];
  /** Orders due in the last 7 days over every storefront, and how many of them were late. */
  dispatch7: { due: number; late: number };
  notificationChannels: { set: boolean; channels: string[] };
}

export const applicationStatuses = ['applied', 'approved', 'declined'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export interface CoreSkuCover {
  sku: string;
  /** Available units over the US warehouses. */
  available: number;
  /** Inbound units to US warehouses whose ETA is on or before the stocking deadline. */
  inboundInTime: number;
  /** Units ordered over the last 14 days (daysOfCover.ts). */
  orderedLast14Days: number;
  /** Days a restock takes to arrive (the SKU's own, else its warehouse's). */
  leadTimeDays: number;
}
