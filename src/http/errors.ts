import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { inputProblemText, validationMessage } from '../i18n/inputProblems.ts';
import { type RefusalReason, refusalMessage } from '../i18n/refusals.ts';
import { AccountError } from '../services/accounts.ts';
import { NotFound } from '../services/lookups.ts';
import { type RefusalKind, Refused } from '../services/refused.ts';
import { type DatabaseFault, faultOf } from '../store/databaseFaults.ts';
import { OrderError } from '../store/reservations.ts';
import { StockError } from '../store/stockLedger.ts';
import { requestLanguage } from './requestLanguage.ts';
import { validationProblems } from './validationProblems.ts';

/** Every error leaves as `{error: {code, message, details}}` with the status that says what happened. */
export class ApiError extends Error {
  /** With a reason, the message is said in the requester's language (Accept-Language, then the account). */
  reason: RefusalReason | undefined;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  /** A refusal worded per language: the English is the error's own message (logs, tests). */
  static refused(status: number, code: string, reason: RefusalReason): ApiError {
    const error = new ApiError(status, code, refusalMessage(reason, 'en'), reasonDetails(reason));
    error.reason = reason;
    return error;
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);

const statusOf: Record<string, number> = {
  BAD_CREDENTIALS: 401,
  WEAK_PASSWORD: 400,
  EMAIL_TAKEN: 409,
  USER_DISABLED: 409,
  RESET_LINK_INVALID: 400,
  BELOW_RESERVED: 409,
  NO_STOCK_LEVEL: 409,
  BAD_QUANTITY: 400,
  ABOVE_LIMIT: 409,
  ORDER_STATE: 409,
  NOT_FOUND: 404,
};

/**
 * Fastify's and its plugins' own refusals, under this API's codes (their status stays: a body too
 * large is 413 whoever says it).
 */
const frameworkCodes: Record<string, [number, string]> = {
  FST_ERR_BAD_URL: [400, 'BAD_URL'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URI_TOO_LONG'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'BAD_REQUEST'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_CONTENT_LENGTH'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BAD_JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BAD_JSON'],
  FST_REQ_FILE_TOO_LARGE: [413, 'FILE_TOO_LARGE'],
  FST_PARTS_LIMIT: [413, 'TOO_MANY_PARTS'],
  FST_FILES_LIMIT: [413, 'TOO_MANY_FILES'],
  FST_FIELDS_LIMIT: [413, 'TOO_MANY_FIELDS'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'MULTIPART_REQUIRED'],
  FST_MP_PREMATURE_CLOSE: [400, 'BAD_UPLOAD'],
};

/**
 * The database, not the request, failed: the answer says so, with when to try again
 * (Retry-After, seconds). Nothing was changed by the request; a retry is safe.
 */
export const databaseFaultAnswers: Record<
  DatabaseFault,
  { status: number; code: string; message: string; retryAfter: number }
> = {
  unavailable: {
    status: 503,
    code: 'DATABASE_UNAVAILABLE',
    message: 'the database cannot be reached right now; try again shortly',
    retryAfter: 5,
  },
  busy: {
    status: 503,
    code: 'DATABASE_BUSY',
    message: 'the database is busy with other work; try again in a moment',
    retryAfter: 2,
  },
  full: {
    status: 507,
    code: 'DISK_FULL',
    message: 'the database disk is full: free space on it; Puente recovers on its own once there is room',
    retryAfter: 60,
  },
};

/** A database ceiling (migration 2026_12_006) refused the row: a conflict with what is stored, not a fault. */
const LIMIT_CONSTRAINTS = /\b(stock_levels_cap|storefronts_buffer_limits)\b/;

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, code: string, message: string, details: unknown = null) =>
    reply.status(status).send({ error: { code, message, details } });
  if (error instanceof ApiError) {
    if (error.status >= 500) request.log.warn({ err: error }, `request failed: ${error.code}`);
    const message = error.reason ? refusalMessage(error.reason, requestLanguage(request)) : error.message;
    return send(error.status, error.code, message, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Each refused field as data (kind, range) and as a sentence in the user's language naming it.
    const where = error.validationContext ?? 'body';
    const lang = requestLanguage(request);
    const problems = validationProblems(
      error.validation,
      where === 'querystring'
        ? request.query
        : where === 'params'
          ? request.params
          : where === 'headers'
            ? request.headers
            : request.body,
      (request.routeOptions.schema as Record<string, unknown> | undefined)?.[where],
    );
    const details = problems.map((p) => ({
      where,
      ...p,
      field: p.field || null,
      message: inputProblemText(p, lang),
    }));
    return send(400, 'VALIDATION_FAILED', validationMessage(problems, lang), details);
  }
  if (error instanceof AccountError || error instanceof StockError)
    return send(statusOf[error.code] ?? 400, error.code, error.message);
  // A refusal with a reason carries it, so the dashboard can say it in the user's language.
  if (error instanceof OrderError)
    return send(statusOf[error.code] ?? 400, error.code, error.message, reasonDetails(error.reason));
  if (error instanceof NotFound) return send(404, 'NOT_FOUND', error.message, reasonDetails(error.reason));
  // A service's refusal (services/refused.ts): not found 404, a conflict 409, anything else bad input.
  if (error instanceof Refused) {
    const [status, code] = refusedAnswer[error.kind];
    return send(status, code, error.message, reasonDetails(error.reason));
  }
  const framework = error.code ? frameworkCodes[error.code] : undefined;
  if (framework) return send(framework[0], framework[1], error.message);
  const fault = faultOf(error);
  if (fault) {
    const answer = databaseFaultAnswers[fault];
    request.log.warn({ err: error, fault }, `request failed: ${answer.code}`);
    reply.header('Retry-After', String(answer.retryAfter));
    return send(answer.status, answer.code, answer.message);
  }
  const limit = LIMIT_CONSTRAINTS.exec(
    `${(error as { constraint?: string }).constraint ?? ''} ${error.message}`,
  );
  if (limit)
    return send(409, 'ABOVE_LIMIT', 'the change would take a stored figure past its limit', {
      constraint: limit[1],
    });
  if (error.statusCode === 429)
    return send(429, 'RATE_LIMITED', 'too many attempts: wait a minute and try again');
  if (error.statusCode && error.statusCode < 500)
    return send(error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
  request.log.error({ err: error }, 'request failed');
  return send(500, 'INTERNAL', 'something went wrong on the server; it has been logged');
}

const refusedAnswer: Record<RefusalKind, [number, string]> = {
  not_found: [404, 'NOT_FOUND'],
  conflict: [409, 'CONFLICT'],
  usage: [400, 'BAD_REQUEST'],
  refused: [422, 'REFUSED'],
};

const reasonDetails = (reason: RefusalReason | undefined) =>
  reason ? { reason: reason.key, params: reason.params ?? {} } : null;

/** Fastify's `frameworkErrors`: a URL it cannot decode, a parameter over `maxParamLength`. */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return errorHandler(error, request, reply);
}

/**
 * Node's own refusals before Fastify sees a request (a malformed request line or header, headers
 * too large): answered in the same shape, then the connection closes as Node would close it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, reason] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'Request Timeout']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'Request Header Fields Too Large']
        : [400, 'BAD_REQUEST', 'Bad Request'];
  const body = JSON.stringify({
    error: { code, message: `the request could not be read (${error.code ?? 'malformed'})`, details: null },
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/** Percent-encoded control characters (C0, DEL, C1 as UTF-8) anywhere in the path or query. */
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)|%c2%[89][0-9a-f]/i;

/**
 * onRequest: a URL carrying a control character is refused before routing reaches a handler or the
 * database (PostgreSQL refuses NUL in text; none is data here). Fields are also checked by their
 * schemas; this covers every route, the ones without a schema too.
 */
export async function refuseControlCharacters(request: FastifyRequest) {
  if (ENCODED_CONTROL.test(request.url))
    throw new ApiError(400, 'BAD_URL', 'the URL contains a control character (such as %00)');
}
