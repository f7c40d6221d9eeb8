import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { sniffFile } from '../../channels/spreadsheet/sniffFile.ts';
import { controlCharacterAt, LIMITS, text } from '../../domain/limits.ts';
import { verdicts } from '../../domain/policy/reasons.ts';
import { type FileProblem, fileProblemMessage } from '../../i18n/fileProblems.ts';
import type { Lang } from '../../i18n/messages.ts';
import { reportFileName } from '../../i18n/reportLabels.ts';
import {
  createCheckJob,
  exportCheck,
  failureMessage,
  renderResult,
  scheduleCheck,
  uploadPath,
} from '../../services/checkJobs.ts';
import { DEFAULT_POLICY, loadPolicy } from '../../services/loadConfig.ts';
import { type CheckJobRow, checkJob, checkResults, listCheckJobs } from '../../store/checkJobs.ts';
import type { Api, AppContext } from '../app.ts';
import { attachment } from '../attachment.ts';
import { ApiError, notFound } from '../errors.ts';
import { cursorKey, decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { langQuery } from '../views.ts';

const count = z.number().int();
const verdict = z.enum(verdicts).meta({ id: 'Verdict' });
const grade = z.enum(['A', 'B', 'C']).meta({ id: 'FitGrade' });

/** What checkCatalog.ts's CheckSummary.toJSON() stores when a check is done. */
const summaryView = z
  .object({
    rows: count,
    verdicts: z.object({ allowed: count, needs_invitation: count, blocked: count, invalid: count }),
    categories: z.record(z.string(), count).describe('rows per program category id'),
    top_reasons: z.array(z.object({ code: z.string(), count })).describe('rows per reason code, most first'),
    fit_grades: z.object({ A: count, B: count, C: count }),
    worst_rows: z
      .array(
        z.object({
          row: count,
          sku: z.string(),
          verdict,
          reason: z.string(),
          fact: z.string().nullable(),
        }),
      )
      .describe('the most severe rows, first in the file first'),
  })
  .meta({ id: 'CheckSummary' });

const jobView = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    fileName: z.string(),
    rowsDone: z.number(),
    rowsTotal: z.number().nullable(),
    summary: summaryView.nullable().describe('once the check is done'),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CheckJob' });

const toJob = (job: CheckJobRow, lang: Lang): z.infer<typeof jobView> => ({
  id: job.id,
  status: job.status,
  fileName: job.file_name,
  rowsDone: job.rows_done,
  rowsTotal: job.rows_total,
  summary: job.summary ? JSON.parse(job.summary) : null,
  error: job.error === null ? null : failureMessage(job.error, lang, job.file_name),
  createdAt: job.created_at,
});

const resultView = z
  .object({
    row: z.number(),
    sku: z.string(),
    title: z.string(),
    verdict,
    category: z.string().nullable(),
    reasons: z.array(
      z.object({ code: z.string(), message: z.string(), fact: z.string().nullable() }).meta({ id: 'Reason' }),
    ),
    fit: z.object({ grade, flags: z.array(z.string()), reason: z.string() }),
    priceMxn: z.number().int().nullable().describe('the item price in MXN centavos (39900 is 399.00 MXN)'),
  })
  .meta({ id: 'CheckResult' });
const noCheck = { 404: 'NOT_FOUND: no check with this id' } as const;

const checkParams = z.object({ id: text(LIMITS.text.id) });

/**
 * A multipart body that ends early or is malformed is the client's: busboy's parse errors carry no
 * status, so they are told apart from the server's own (a disk error has a `syscall`) here.
 */
function unreadableUpload(e: unknown): never {
  const error = e as Error & { statusCode?: number; syscall?: string };
  if (e instanceof ApiError || error.syscall || error.statusCode !== undefined) throw e;
  throw new ApiError(400, 'BAD_UPLOAD', `the upload could not be read: ${error.message}`);
}

const contentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

const ACCEPTED = new Set(['.csv', '.txt', '.tsv', '.xlsx']);

/**
 * The upload is looked at before a job exists: an empty file, a PDF, an image or a ZIP that is not
 * a workbook is refused at once, by the name the user gave it, in the language of the form.
 */
async function refuseUnreadable(file: string, fileName: string, lang: Lang): Promise<void> {
  const kind = await sniffFile(file);
  const problem: FileProblem | undefined =
    kind === 'empty'
      ? { code: 'empty' }
      : kind === 'xls'
        ? { code: 'old_xls' }
        : kind === 'csv' || kind === 'xlsx'
          ? undefined
          : { code: 'not_a_table', kind };
  if (problem)
    throw new ApiError(
      400,
      kind === 'empty' ? 'EMPTY_FILE' : 'NOT_A_SPREADSHEET',
      fileProblemMessage(problem, lang, fileName),
    );
}

/** Catalog checks from the dashboard: upload, watch progress, page the results, export XLSX. */
export function checkRoutes(api: Api, { store, bus, uploadDir }: AppContext) {
  const jobOf = async (org: string, id: string) => {
    const job = await checkJob(store, org, id);
    if (!job) throw notFound('check');
    return job;
  };

  api.post(
    '/checks',
    {
      config: { access: 'write' },
      schema: {
        tags: ['catalog'],
        summary: 'Check a catalog',
        operationId: 'createCheck',
        errors: {
          400: 'FILE_REQUIRED: no file in the upload; UNSUPPORTED_FILE: not a .csv or .xlsx; BAD_UPLOAD: the upload could not be read; VALIDATION_FAILED: a bad file name, usdMxn or policy',
          413: 'FILE_TOO_LARGE: the file is over the upload limit (200 MB)',
          415: 'MULTIPART_REQUIRED: the body is not multipart/form-data',
        },
        description:
          'multipart/form-data with a `file` (CSV or XLSX) and optional fields `usdMxn` (rate for USD prices), `policy` and `lang` (en, zh, es: the language of a refusal), sent before the file. The file is recognised by its content: an empty file is refused with EMPTY_FILE, a PDF, an image, a ZIP that is not a workbook or other binary with NOT_A_SPREADSHEET. The check runs in the background: poll GET /checks/:id or listen for the `checks` event.',
        consumes: ['multipart/form-data'],
        response: { 202: jobView },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new ApiError(415, 'MULTIPART_REQUIRED', 'send the catalog as multipart/form-data');
      const data = await request.file().catch(unreadableUpload);
      if (!data) throw new ApiError(400, 'FILE_REQUIRED', 'no file in the upload (field "file")');
      if (data.filename.length > 255 || controlCharacterAt(data.filename) !== -1)
        throw ApiError.refused(400, 'VALIDATION_FAILED', { key: 'bad_file_name' });
      const field = (name: string) => {
        const f = data.fields[name];
        return f && !Array.isArray(f) && f.type === 'field' ? String(f.value) : undefined;
      };
      const lang = langQuery.catch('en').parse(field('lang'));
      const ext = extname(data.filename).toLowerCase();
      if (!ACCEPTED.has(ext))
        throw new ApiError(
          400,
          'UNSUPPORTED_FILE',
          fileProblemMessage({ code: 'wrong_extension' }, lang, data.filename),
        );
      const usdMxn = field('usdMxn') || null;
      if (usdMxn && !/^\d+(\.\d+)?$/.test(usdMxn))
        throw ApiError.refused(400, 'VALIDATION_FAILED', {
          key: 'not_a_rate',
          params: { option: 'usdMxn', value: usdMxn },
        });
      const policy = field('policy') || DEFAULT_POLICY;
      if (!/^[a-z0-9-]+$/.test(policy) || !(await loadPolicy(policy).catch(() => null)))
        throw ApiError.refused(400, 'VALIDATION_FAILED', { key: 'no_policy', params: { policy } });

      // The file is whole on disk before the job exists: a cut or oversized upload leaves no job behind.
      const id = randomUUID();
      const file = uploadPath(uploadDir, id, data.filename);
      await mkdir(uploadDir, { recursive: true });
      try {
        await pipeline(data.file, createWriteStream(file)).catch(unreadableUpload);
        if (data.file.truncated)
          throw new ApiError(413, 'FILE_TOO_LARGE', `${data.filename} is over the upload limit`);
        await refuseUnreadable(file, data.filename, lang);
      } catch (e) {
        await rm(file, { force: true });
        throw e;
      }
      const org = request.principal.organizationId;
      await createCheckJob(store, {
        id,
        organizationId: org,
        fileName: data.filename,
        actor: request.principal.actor,
        options: { policy, usdMxn },
      });
      void scheduleCheck(store, id, file, () => bus.publish(org, 'checks', { id }));
      return reply.status(202).send(toJob(await jobOf(org, id), lang));
    },
  );

  api.get(
    '/checks',
    {
      schema: {
        tags: ['catalog'],
        summary: 'List catalog checks',
        operationId: 'listChecks',
        description: 'Catalog checks, newest first.',
        querystring: z.object({ lang: langQuery, ...pageQuery }),
        response: { 200: listOf(jobView) },
      },
    },
    async (request) => {
      const { limit, cursor, lang } = request.query;
      const after = decodeCursor(cursor, cursorKey.pair);
      const rows = await listCheckJobs(store, request.principal.organizationId, { after, limit: limit + 1 });
      return page(
        rows,
        limit,
        (j) => [j.created_at, j.id],
        (j) => toJob(j, lang),
      );
    },
  );

  api.get(
    '/checks/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Get a catalog check',
        operationId: 'getCheck',
        description: 'A check and its progress; a failed check says why in `error`, in the language asked.',
        errors: noCheck,
        params: checkParams,
        querystring: z.object({ lang: langQuery }),
        response: { 200: jobView },
      },
    },
    async (request) =>
      toJob(await jobOf(request.principal.organizationId, request.params.id), request.query.lang),
  );

  api.get(
    '/checks/:id/results',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A check’s rows',
        operationId: 'listCheckResults',
        description: 'The rows in file order, their reasons in the language asked.',
        errors: noCheck,
        params: checkParams,
        querystring: z.object({
          verdict: text(30).optional(),
          category: text(100).optional(),
          reason: text(50).optional(),
          lang: langQuery,
          ...pageQuery,
        }),
        response: { 200: listOf(resultView) },
      },
    },
    async (request) => {
      const job = await jobOf(request.principal.organizationId, request.params.id);
      const { verdict, category, reason, lang, limit, cursor } = request.query;
      const after = decodeCursor(cursor, cursorKey.number)?.[0] ?? null;
      const policy = await loadPolicy(JSON.parse(job.options).policy);
      const rows = await checkResults(store, job.id, { verdict, category, reason, after, limit: limit + 1 });
      return page(
        rows,
        limit,
        (r) => [r.row],
        (r) => renderResult(r.result, lang, policy),
      );
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    api.get(
      `/checks/:id/export.${format}`,
      {
        schema: {
          tags: ['catalog'],
          summary: format === 'xlsx' ? 'Export a check as XLSX' : 'Export a check as CSV',
          operationId: format === 'xlsx' ? 'exportCheck' : 'exportCheckCsv',
          description:
            format === 'xlsx'
              ? 'The XLSX report (a summary sheet, then every row with its verdict and reasons) in the language asked, named after the uploaded file.'
              : 'The results as CSV in the language asked, named after the uploaded file; with lang=en the header and values are the stable ones scripts read (README, "Columns of a CSV report").',
          errors: { ...noCheck, 409: 'CHECK_NOT_DONE: the check has not finished' },
          params: checkParams,
          querystring: z.object({ lang: langQuery }),
          response: {
            200: {
              description: 'The file, as an attachment',
              content: {
                // A file streamed as it is read; described as OpenAPI 3.0 describes binary content.
                [contentTypes[format]]: {
                  schema: z.instanceof(Readable).meta({ type: 'string', format: 'binary' }),
                },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const job = await jobOf(request.principal.organizationId, request.params.id);
        if (job.status !== 'done') throw new ApiError(409, 'CHECK_NOT_DONE', `the check is ${job.status}`);
        const { lang } = request.query;
        const out = join(tmpdir(), `puente-report-${randomUUID()}.${format}`);
        await exportCheck(store, job, { lang, format, outFile: out });
        reply
          .header('content-type', contentTypes[format])
          .header('content-disposition', attachment(reportFileName(job.file_name, lang, format)));
        const stream = createReadStream(out);
        stream.on('close', () => void rm(out, { force: true }));
        return reply.send(stream);
      },
    );
  }
}
