import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';

/**
 * The OpenAPI document the server serves at /api/docs/json, from which the dashboard's types are
 * generated (`npm run api:types`). It must pass Redocly's `recommended` rules (openapi.test.ts), so
 * every documented route states:
 *
 * - `summary` (a short phrase) and `operationId` (a verb and a noun in camelCase: the name the
 *   generated types and clients use);
 * - its own refusals in `errors`, by status, each with the codes it sends and when, e.g.
 *   `errors: { 404: 'NOT_FOUND: no order with this id' }`. The refusals every route shares (a
 *   field out of range, no login, too little access, the database unavailable…) are added from
 *   the route's config by `sharedErrors`, so a route lists only what is its own.
 */

declare module 'fastify' {
  interface FastifySchema {
    /** The route's own refusals by status, each `CODE: when` (see src/http/openapi.ts). */
    errors?: ErrorDocs;
  }
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503 | 507;
export type ErrorDocs = Partial<Record<ErrorStatus, string>>;

/** What every error answer looks like (src/http/errors.ts). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable, for programs: VALIDATION_FAILED, NOT_FOUND, ORDER_STATE…'),
      message: z
        .string()
        .describe(
          "for people: in the requester's language (Accept-Language, then the account's) where the refusal has a reason, else English",
        ),
      details: z
        .unknown()
        .describe(
          'null, or what the code needs: the fields a validation refused ([{where, field, message}]), the reason of a refusal ({reason, params}), the field an order was rejected for ({field}), the limit hit ({constraint})',
        ),
    }),
  })
  .meta({ id: 'Error' });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const retryAfter = {
  'Retry-After': { type: 'integer', description: 'seconds to wait before trying again' },
};

/**
 * The refusals a route makes whatever it does, from how it is configured: the checks in
 * authenticate.ts, idempotency.ts, the error handler and Fastify's own body parsing.
 */
export function sharedErrors(route: Pick<RouteOptions, 'method' | 'config' | 'schema'>): ErrorDocs {
  const method = String(route.method).toUpperCase();
  const writes = !SAFE_METHODS.has(method);
  const config = route.config ?? {};
  const access = config.access ?? (writes ? 'write' : 'read');
  const schema = route.schema ?? {};
  const checked = schema.body || schema.querystring || schema.params;
  const paged = (schema.querystring as { shape?: Record<string, unknown> } | undefined)?.shape?.cursor;
  const errors: ErrorDocs = {
    400: [
      checked && 'VALIDATION_FAILED: a field is missing, malformed or out of range (details name each field)',
      writes && 'BAD_JSON: the body is not JSON',
      'BAD_URL: the URL is malformed or contains a control character',
      paged && 'BAD_CURSOR: the cursor is not one this API gave out',
      config.idempotent && 'BAD_IDEMPOTENCY_KEY: the Idempotency-Key is over 200 characters',
    ]
      .filter(Boolean)
      .join('; '),
    503: 'DATABASE_UNAVAILABLE, DATABASE_BUSY: the database cannot answer now; nothing was changed, retry after Retry-After',
  };
  if (access !== 'public') errors[401] = 'UNAUTHENTICATED: no valid session cookie or API token';
  const forbidden = [
    access !== 'read' && access !== 'public' && `FORBIDDEN: this needs ${access} access`,
    writes && access !== 'public' && 'CSRF_FAILED: a session without its X-CSRF-Token header',
  ].filter(Boolean);
  if (forbidden.length) errors[403] = forbidden.join('; ');
  if (writes) {
    errors[413] = 'BODY_TOO_LARGE: the body is over the limit (5 MB)';
    errors[415] = 'UNSUPPORTED_MEDIA_TYPE: the body is not in a format the route reads';
    errors[507] = 'DISK_FULL: the database disk is full; nothing was changed, retry after Retry-After';
  }
  if (config.idempotent) {
    errors[409] = 'IDEMPOTENCY_IN_PROGRESS: a request with this Idempotency-Key is still running';
    errors[422] = 'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for a different request';
  }
  if (config.rateLimit) errors[429] = 'RATE_LIMITED: too many attempts; wait a minute';
  return errors;
}

/** The route's own refusals, then the shared ones, by status (an entry said twice, once). */
export function errorResponses(route: Pick<RouteOptions, 'method' | 'config' | 'schema'>) {
  const shared = sharedErrors(route);
  const own = route.schema?.errors ?? {};
  const describe = (status: ErrorStatus) =>
    [...new Set([own[status], shared[status]].flatMap((text) => text?.split('; ') ?? []))].join('; ');
  const statuses = [...new Set([...Object.keys(shared), ...Object.keys(own)])].map(Number) as ErrorStatus[];
  return Object.fromEntries(
    statuses
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: describe(status),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          ...(status === 503 || status === 507 ? { headers: retryAfter } : {}),
        },
      ]),
  );
}

/** fastify-swagger's per-route transform: zod to JSON Schema, then the error answers added. */
export const transform: SwaggerTransform = (input) => {
  const { schema, url } = jsonSchemaTransform(input);
  if (schema.hide) return { schema, url };
  const { errors: _own, ...documented } = schema as typeof schema & { response?: Record<string, unknown> };
  return {
    url,
    schema: { ...documented, response: { ...documented.response, ...errorResponses(input.route) } },
  };
};

/**
 * The zod schemas registered with an id (`.meta({ id: 'Order' })`) become components; zod emits
 * each one twice (`Order` as answered, `OrderInput` as accepted). Those no operation uses are left
 * out, so that each component in the document is one a client meets. They are listed by name:
 * zod's registry keeps them in the order their modules were first loaded, which depends on who
 * loaded what first (a test run loads modules in any order).
 */
export const transformObject: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as OpenAPIV3.Document;
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const name =
        key === '$ref' && typeof child === 'string'
          ? /^#\/components\/schemas\/(.+)$/.exec(child)?.[1]
          : undefined;
      if (name !== undefined) {
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(child);
    }
  };
  typeNullableRefs(document, schemas);
  visit(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(
        Object.entries(schemas)
          .filter(([name]) => used.has(name))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
    },
  };
};

/**
 * zod writes a nullable component as `{nullable: true, allOf: [{$ref}]}`. OpenAPI 3.0 reads
 * `nullable` only beside a `type` (Redocly's nullable-type-sibling), so the referenced schema's
 * type is written beside it; a nullable enum or other scalar is written out in place, as
 * generators read `type: string` beside `allOf` as any string.
 */
function typeNullableRefs(document: OpenAPIV3.Document, schemas: Record<string, unknown>): void {
  const typeOf = (schema: unknown): string | undefined => {
    const s = schema as { type?: string; $ref?: string; allOf?: unknown[] } | undefined;
    if (!s) return undefined;
    if (s.type) return s.type;
    if (s.$ref) return typeOf(schemas[s.$ref.replace('#/components/schemas/', '')]);
    // An intersection is of the type of its parts.
    return s.allOf?.map(typeOf).find(Boolean);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const schema = value as { nullable?: boolean; type?: string; allOf?: { $ref?: string }[] };
    if (schema.nullable && !schema.type && schema.allOf) {
      const type = typeOf(schema);
      const only = schema.allOf.length === 1 ? schema.allOf[0]?.$ref : undefined;
      if (type && type !== 'object' && only) {
        const { allOf: _ref, ...own } = schema;
        delete schema.allOf;
        Object.assign(schema, schemas[only.replace('#/components/schemas/', '')], own);
      }
      if (type) schema.type = type;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(document.paths);
  visit(schemas);
}

/** The document's own parts: what it is, where it is served, how callers authenticate. */
export const openApiInfo = (sessionCookie: string): Partial<OpenAPIV3.Document> => ({
  openapi: '3.0.3',
  info: {
    title: 'Puente API',
    version: '1.0.0',
    description:
      'Operations hub for US→MX cross-border sellers. Authenticate with the session cookie (send X-CSRF-Token on writes) or `Authorization: Bearer pte_…`. Every error answers `{error: {code, message, details}}`.',
    license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
  },
  // Relative: the API is at /api/v1 of whichever host serves this document.
  servers: [{ url: '/', description: 'the Puente server that serves this document' }],
  tags: [
    { name: 'auth', description: 'Logging in and out, and who is logged in' },
    { name: 'users', description: 'The people of the organization (owner only)' },
    { name: 'tokens', description: 'API tokens for scripts and integrations (owner only)' },
    { name: 'setup', description: 'Warehouses and storefronts' },
    { name: 'policies', description: 'The program rules as data, and the merchant check [P4]' },
    { name: 'catalog', description: 'SKUs and catalog checks' },
    { name: 'stock', description: 'Stock levels, published quantities and movements' },
    { name: 'orders', description: 'Orders, shipping, cancels and returns' },
    { name: 'dispatch', description: 'The dispatch board and the overview' },
    { name: 'alerts', description: 'Alerts to acknowledge and resolve' },
    {
      name: 'readiness',
      description: 'Launch readiness [P18–P19]: the plan, merchant profile, documents and applications',
    },
    { name: 'webhooks', description: 'Orders pushed by a marketplace, signed' },
    {
      name: 'platform',
      description: 'Organizations on a shared install (platform administrators only): create, list, disable',
    },
  ],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
    },
  },
  security: [{ bearer: [] }, { session: [] }],
});
