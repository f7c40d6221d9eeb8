import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AccountError } from '../services/accounts.ts';
import { NotFound } from '../services/lookups.ts';
import { OrderError } from '../store/reservations.ts';
import { StockError } from '../store/stockLedger.ts';

/** Every error leaves as `{error: {code, message, details}}` with the status that says what happened. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);

const statusOf: Record<string, number> = {
  BAD_CREDENTIALS: 401,
  WEAK_PASSWORD: 400,
  EMAIL_TAKEN: 409,
  BELOW_RESERVED: 409,
  NO_STOCK_LEVEL: 409,
  BAD_QUANTITY: 400,
  ORDER_STATE: 409,
  NOT_FOUND: 404,
};

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, code: string, message: string, details: unknown = null) =>
    reply.status(status).send({ error: { code, message, details } });
  if (error instanceof ApiError) return send(error.status, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      where: error.validationContext,
      field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || null,
      message: v.message,
    }));
    return send(
      400,
      'VALIDATION_FAILED',
      `invalid ${error.validationContext}: ${details[0]?.field ?? ''} ${details[0]?.message ?? ''}`.trim(),
      details,
    );
  }
  if (error instanceof AccountError || error instanceof StockError || error instanceof OrderError)
    return send(statusOf[error.code] ?? 400, error.code, error.message);
  if (error instanceof NotFound) return send(404, 'NOT_FOUND', error.message);
  if (error.statusCode === 429)
    return send(429, 'RATE_LIMITED', 'too many attempts: wait a minute and try again');
  if (error.statusCode && error.statusCode < 500)
    return send(error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
  request.log.error({ err: error }, 'request failed');
  return send(500, 'INTERNAL', 'something went wrong on the server; it has been logged');
}
