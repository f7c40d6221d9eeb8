import { Readable } from 'node:stream';
import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { calendarDate } from '../../domain/readiness/launchRhythm.ts';
import { applicationStatuses } from '../../domain/readiness/readinessFacts.ts';
import { readinessItemIds } from '../../domain/readiness/readinessPlan.ts';
import { readinessDetail } from '../../i18n/readinessTexts.ts';
import { launchReadiness } from '../../services/launchReadiness.ts';
import {
  addLaunchDocument,
  DOCUMENT_MAX_BYTES,
  documentFile,
  listDocuments,
  merchantStanding,
  removeLaunchDocument,
  setInvitationApplication,
  setMerchantProfile,
} from '../../services/launchRecords.ts';
import { loadPolicy } from '../../services/loadConfig.ts';
import { Refused } from '../../services/refused.ts';
import type { LaunchDocumentInfo } from '../../store/launchRecords.ts';
import { invitationApplications } from '../../store/launchRecords.ts';
import type { Api, AppContext } from '../app.ts';
import { attachment } from '../attachment.ts';
import { ApiError } from '../errors.ts';
import { langQuery } from '../views.ts';

/**
 * Launch readiness [P18–P19] and the records it reads: merchant profile [P4], documents and
 * applications for invitation categories [P6]. The plan and the command line's come from the
 * same service, so they say the same.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((v) => calendarDate(v) !== null, 'a date that exists');

const itemView = z
  .object({
    item: z.enum(readinessItemIds),
    status: z.enum(['done', 'missing', 'at_risk']),
    dueBy: z.string().describe('the calendar date (YYYY-MM-DD) it must be done by'),
    detail: z.string().describe('what is there or missing, in the language asked'),
    facts: z.array(z.string()).describe('the program facts the item and its due date come from'),
    overdue: z.boolean(),
  })
  .meta({ id: 'ReadinessItem' });

const documentView = z
  .object({
    id: z.string(),
    kind: z.string(),
    category: z.string().nullable(),
    issuedOn: z.string(),
    expiresOn: z.string().nullable(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'LaunchDocument' });

const toDocument = (d: LaunchDocumentInfo): z.infer<typeof documentView> => ({
  id: d.id,
  kind: d.kind,
  category: d.category,
  issuedOn: d.issued_on,
  expiresOn: d.expires_on,
  fileName: d.file_name,
  contentType: d.content_type,
  sizeBytes: d.size_bytes,
  sha256: d.sha256,
  createdAt: d.created_at,
});

const merchantView = z
  .object({
    country: z.string(),
    sps: z.number().nullable(),
    type: z.enum(['us_local', 'cn_cross_border']).nullable(),
    eligibility: z.enum(['eligible', 'not_eligible', 'unknown']),
  })
  .nullable()
  .meta({ id: 'MerchantProfile' });

/** A service's refusal, worded per request language, as a 400 naming the field. */
async function refusing<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (e) {
    if (e instanceof Refused) throw ApiError.refused(400, 'VALIDATION_FAILED', e.reason);
    throw e;
  }
}

export function readinessRoutes(api: Api, { store }: AppContext) {
  api.get(
    '/readiness',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Launch readiness',
        operationId: 'getReadiness',
        description:
          'The launch plan [P18–P19] worked back from the launch date: each item done, missing or at risk, with the date it is due by. The same as `puente readiness --format json`.',
        querystring: z.object({
          launch: isoDate.optional().describe('launch date; default: the next 1 April'),
          coverDays: z.coerce.number().int().min(1).max(365).optional(),
          lang: langQuery,
        }),
        response: {
          200: z
            .object({
              launch: z.string(),
              today: z.string().describe('the seller’s calendar date, in `zone`'),
              zone: z.string(),
              playbook: z.enum(['us_local', 'cn_cross_border']).nullable(),
              coverDays: z.number().int(),
              items: z.array(itemView),
            })
            .meta({ id: 'Readiness' }),
        },
      },
    },
    async (request) => {
      const { launch, coverDays, lang } = request.query;
      const plan = await launchReadiness(store, request.principal.organizationId, {
        now: new Date(),
        launch,
        coverDays,
      });
      return {
        launch: plan.launch,
        today: plan.today,
        zone: plan.zone,
        playbook: plan.playbook.type,
        coverDays: plan.coverDays,
        items: plan.items.map((i) => ({
          item: i.item,
          status: i.status,
          dueBy: i.dueBy,
          detail: readinessDetail(i, lang),
          facts: i.facts,
          overdue: i.overdue,
        })),
      };
    },
  );

  const profile = async (org: string) => {
    const s = await merchantStanding(store, org, await loadPolicy());
    return s ? { country: s.country, sps: s.sps, type: s.type, eligibility: s.eligibility.status } : null;
  };

  api.get(
    '/merchant/profile',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Get the merchant profile',
        operationId: 'getMerchantProfile',
        description: 'The registered country and SPS readiness reads [P4]; null when none is set.',
        response: { 200: z.object({ profile: merchantView }) },
      },
    },
    async (request) => ({ profile: await profile(request.principal.organizationId) }),
  );

  api.put(
    '/merchant/profile',
    {
      config: { access: 'write' },
      schema: {
        tags: ['readiness'],
        summary: 'Set the merchant profile',
        operationId: 'setMerchantProfile',
        errors: { 400: 'VALIDATION_FAILED: not a country code or an SPS out of 0–5' },
        body: z.object({
          country: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as "CN" or "US"'),
          sps: z.number().min(0).max(5).nullable(),
        }),
        response: { 200: z.object({ profile: merchantView }) },
      },
    },
    async (request) => {
      const { organizationId, actor } = request.principal;
      await refusing(setMerchantProfile(store, { organizationId, actor }, request.body));
      return { profile: await profile(organizationId) };
    },
  );

  api.get(
    '/documents',
    {
      schema: {
        tags: ['readiness'],
        summary: 'List documents',
        operationId: 'listDocuments',
        description: 'Documents for invitation categories [P6], newest first, without their files.',
        response: { 200: z.object({ items: z.array(documentView) }) },
      },
    },
    async (request) => ({
      items: (await listDocuments(store, request.principal.organizationId)).map(toDocument),
    }),
  );

  api.post(
    '/documents',
    {
      config: { access: 'write' },
      schema: {
        tags: ['readiness'],
        summary: 'Upload a document',
        operationId: 'uploadDocument',
        description: `multipart/form-data with the fields \`kind\` (a qualification id of the policy), optional \`category\` (an invitation category id), \`issuedOn\`, optional \`expiresOn\` (YYYY-MM-DD) and \`lang\`, sent before the \`file\` (at most ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB).`,
        errors: {
          400: 'FILE_REQUIRED: no file; VALIDATION_FAILED: an unknown kind or category, a bad date, an empty file or file name; BAD_UPLOAD: the upload could not be read',
          413: 'FILE_TOO_LARGE: the file is over the limit',
          415: 'MULTIPART_REQUIRED: the body is not multipart/form-data',
        },
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ document: documentView }) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new ApiError(415, 'MULTIPART_REQUIRED', 'send the document as multipart/form-data');
      const data = await request
        .file({ limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1 } })
        .catch((e: Error) => {
          throw new ApiError(400, 'BAD_UPLOAD', `the upload could not be read: ${e.message}`);
        });
      if (!data) throw new ApiError(400, 'FILE_REQUIRED', 'no file in the upload (field "file")');
      const content = await data.toBuffer().catch((e: Error & { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE')
          throw new ApiError(
            413,
            'FILE_TOO_LARGE',
            `${data.filename} is over ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`,
          );
        throw new ApiError(400, 'BAD_UPLOAD', `the upload could not be read: ${e.message}`);
      });
      // A file cut at the limit is refused too, whether or not the parser threw for it.
      if (data.file.truncated || content.length > DOCUMENT_MAX_BYTES)
        throw new ApiError(
          413,
          'FILE_TOO_LARGE',
          `${data.filename} is over ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`,
        );
      const field = (name: string) => {
        const f = data.fields[name];
        const v = f && !Array.isArray(f) && f.type === 'field' ? String(f.value) : '';
        return v === '' ? null : v;
      };
      const { organizationId, actor } = request.principal;
      const doc = await refusing(
        addLaunchDocument(
          store,
          { organizationId, actor },
          {
            kind: field('kind') ?? '',
            category: field('category'),
            issuedOn: field('issuedOn') ?? '',
            expiresOn: field('expiresOn'),
            fileName: data.filename,
            contentType: data.mimetype,
            content,
          },
        ),
      );
      return reply.status(201).send({ document: toDocument(doc) });
    },
  );

  const documentParams = z.object({ id: text(LIMITS.text.id) });

  api.get(
    '/documents/:id/file',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Download a document',
        operationId: 'downloadDocument',
        description: 'The file as it was uploaded, named as it was.',
        errors: { 404: 'NOT_FOUND: no document with this id' },
        params: documentParams,
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
              'application/octet-stream': {
                schema: z.instanceof(Readable).meta({ type: 'string', format: 'binary' }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const doc = await documentFile(store, request.principal.organizationId, request.params.id);
      reply
        // Served as a download, never rendered in the dashboard's origin.
        .header('content-type', doc.content_type)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', attachment(doc.file_name));
      return reply.send(Readable.from([doc.content]));
    },
  );

  api.delete(
    '/documents/:id',
    {
      config: { access: 'write' },
      schema: {
        tags: ['readiness'],
        summary: 'Delete a document',
        operationId: 'deleteDocument',
        errors: { 404: 'NOT_FOUND: no document with this id' },
        params: documentParams,
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    async (request) => {
      const { organizationId, actor } = request.principal;
      await removeLaunchDocument(store, { organizationId, actor }, request.params.id);
      return { deleted: true as const };
    },
  );

  const applicationView = z
    .object({ category: z.string(), status: z.enum(applicationStatuses), appliedOn: z.string() })
    .meta({ id: 'InvitationApplication' });

  api.get(
    '/applications',
    {
      schema: {
        tags: ['readiness'],
        summary: 'List invitation applications',
        operationId: 'listApplications',
        description: 'Applications to the account manager for invitation categories [P6], by category.',
        response: { 200: z.object({ items: z.array(applicationView) }) },
      },
    },
    async (request) => ({
      items: (await invitationApplications(store, request.principal.organizationId)).map((a) => ({
        category: a.category,
        status: a.status,
        appliedOn: a.applied_on,
      })),
    }),
  );

  api.put(
    '/applications/:category',
    {
      config: { access: 'write' },
      schema: {
        tags: ['readiness'],
        summary: 'Record an invitation application',
        operationId: 'setApplication',
        errors: { 400: 'VALIDATION_FAILED: not an invitation category, or a bad date' },
        params: z.object({ category: text(100) }),
        body: z.object({ status: z.enum(applicationStatuses), appliedOn: isoDate }),
        response: { 200: applicationView },
      },
    },
    async (request) => {
      const { organizationId, actor } = request.principal;
      const { category } = request.params;
      await refusing(
        setInvitationApplication(store, { organizationId, actor }, { category, ...request.body }),
      );
      return { category, ...request.body };
    },
  );
}
