import { createHash, randomUUID } from 'node:crypto';
import { controlCharacterAt } from '../domain/limits.ts';
import { type Eligibility, evaluateMerchant } from '../domain/policy/merchant.ts';
import type { Policy } from '../domain/policy/policy.ts';
import { calendarDate } from '../domain/readiness/launchRhythm.ts';
import { isMerchantType, type MerchantType } from '../domain/readiness/playbook.ts';
import type { ApplicationStatus } from '../domain/readiness/readinessFacts.ts';
import {
  deleteLaunchDocument,
  insertLaunchDocument,
  type LaunchDocumentInfo,
  type LaunchDocumentRow,
  launchDocument,
  listLaunchDocuments,
  merchantProfile,
  saveInvitationApplication,
  saveMerchantProfile,
} from '../store/launchRecords.ts';
import type { Store } from '../store/openDatabase.ts';
import { loadPolicy } from './loadConfig.ts';
import { NotFound } from './lookups.ts';
import { Refused } from './refused.ts';

/**
 * The seller's launch records, for the command line and the API alike: the merchant profile [P4],
 * the documents an invitation category needs [P6] with their files, and the applications to the
 * AM. Each change is checked against the program policy, then written with its audit row.
 */

/** A document file may be at most this large: a scanned notice or a PDF certificate. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

interface Who {
  organizationId: string;
  actor: string;
}

function dateField(field: string, value: string): string {
  if (!calendarDate(value))
    throw new Refused('usage', { key: 'not_a_date', params: { option: field, value } });
  return value;
}

/** The stored profile and what the policy says of it; null when the seller has not set one. */
export async function merchantStanding(
  store: Store,
  organizationId: string,
  policy: Policy,
): Promise<{
  country: string;
  sps: number | null;
  eligibility: Eligibility;
  type: MerchantType | null;
} | null> {
  const row = await merchantProfile(store, organizationId);
  if (!row) return null;
  const sps = row.sps === null ? null : Number(row.sps);
  const eligibility = evaluateMerchant(policy, {
    registered_country: row.registered_country,
    sps,
    invitations: [],
    qualifications: [],
  });
  // [P4] the matching eligibility rule is the merchant's type (us_local or cn_cross_border).
  return {
    country: row.registered_country,
    sps,
    eligibility,
    type: isMerchantType(eligibility.rule) ? eligibility.rule : null,
  };
}

export async function setMerchantProfile(
  store: Store,
  who: Who,
  p: { country: string; sps: number | null },
): Promise<void> {
  const country = p.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new Refused('usage', { key: 'not_a_country', params: { value: p.country } });
  await saveMerchantProfile(
    store,
    {
      organization_id: who.organizationId,
      registered_country: country,
      sps: p.sps === null ? null : String(p.sps),
      updated_by: who.actor,
    },
    {
      organizationId: who.organizationId,
      actor: who.actor,
      action: 'merchant.profile',
      subject: country,
      data: { sps: p.sps },
    },
  );
}

export interface DocumentInput {
  kind: string;
  category: string | null;
  issuedOn: string;
  expiresOn: string | null;
  fileName: string;
  contentType: string;
  content: Buffer;
}

const invitationCategories = (policy: Policy) =>
  policy.categories.filter((c) => c.tier === 'invitation').map((c) => c.id);

function checkCategory(policy: Policy, category: string): string {
  const ids = invitationCategories(policy);
  if (!ids.includes(category))
    throw new Refused('usage', {
      key: 'invitation_category',
      params: { category, categories: ids.join(', ') },
    });
  return category;
}

export async function addLaunchDocument(
  store: Store,
  who: Who,
  d: DocumentInput,
): Promise<LaunchDocumentInfo> {
  const policy = await loadPolicy();
  const kinds = policy.qualifications.map((q) => q.id);
  if (!kinds.includes(d.kind))
    throw new Refused('usage', { key: 'document_kind', params: { kind: d.kind, kinds: kinds.join(', ') } });
  if (d.category !== null) checkCategory(policy, d.category);
  const issuedOn = dateField('issued', d.issuedOn);
  const expiresOn = d.expiresOn === null ? null : dateField('expires', d.expiresOn);
  if (expiresOn !== null && expiresOn < issuedOn)
    throw new Refused('usage', { key: 'document_dates', params: { issued: issuedOn, expires: expiresOn } });
  if (d.fileName.length === 0 || d.fileName.length > 255 || controlCharacterAt(d.fileName) !== -1)
    throw new Refused('usage', { key: 'document_file_name' });
  if (d.content.length === 0 || d.content.length > DOCUMENT_MAX_BYTES)
    throw new Refused('usage', {
      key: 'document_file',
      params: { name: d.fileName, max: DOCUMENT_MAX_BYTES / 1024 / 1024 },
    });
  const row: LaunchDocumentRow = {
    id: randomUUID(),
    organization_id: who.organizationId,
    kind: d.kind,
    category: d.category,
    issued_on: issuedOn,
    expires_on: expiresOn,
    file_name: d.fileName,
    content_type: d.contentType || 'application/octet-stream',
    size_bytes: d.content.length,
    sha256: createHash('sha256').update(d.content).digest('hex'),
    content: d.content,
    created_by: who.actor,
    created_at: new Date().toISOString(),
  };
  await insertLaunchDocument(store, row, {
    organizationId: who.organizationId,
    actor: who.actor,
    action: 'document.add',
    subject: row.id,
    data: { kind: row.kind, category: row.category, fileName: row.file_name, size: row.size_bytes },
  });
  const { content: _bytes, ...info } = row;
  return info;
}

export function listDocuments(store: Store, organizationId: string): Promise<LaunchDocumentInfo[]> {
  return listLaunchDocuments(store, organizationId);
}

/** The document with its bytes, to download. */
export async function documentFile(
  store: Store,
  organizationId: string,
  id: string,
): Promise<LaunchDocumentRow> {
  const row = await launchDocument(store, organizationId, id);
  if (!row) throw new NotFound({ key: 'no_document', params: { id } });
  return { ...row, content: Buffer.from(row.content) };
}

export async function removeLaunchDocument(store: Store, who: Who, id: string): Promise<void> {
  const removed = await deleteLaunchDocument(store, who.organizationId, id, {
    organizationId: who.organizationId,
    actor: who.actor,
    action: 'document.remove',
    subject: id,
    data: {},
  });
  if (!removed) throw new NotFound({ key: 'no_document', params: { id } });
}

export async function setInvitationApplication(
  store: Store,
  who: Who,
  a: { category: string; status: ApplicationStatus; appliedOn: string },
): Promise<void> {
  const category = checkCategory(await loadPolicy(), a.category);
  const appliedOn = dateField('applied', a.appliedOn);
  await saveInvitationApplication(
    store,
    {
      organization_id: who.organizationId,
      category,
      status: a.status,
      applied_on: appliedOn,
      updated_by: who.actor,
    },
    {
      organizationId: who.organizationId,
      actor: who.actor,
      action: 'invitation.application',
      subject: category,
      data: { status: a.status, appliedOn },
    },
  );
}
