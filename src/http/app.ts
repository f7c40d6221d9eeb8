import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { MailSettings } from '../channels/notify/sendNotice.ts';
import type { Level, Principal } from '../services/accounts.ts';
import type { SecretBox } from '../services/security/secrets.ts';
import { databaseAnswers } from '../store/databaseFaults.ts';
import type { Store } from '../store/openDatabase.ts';
import { authenticate } from './authenticate.ts';
import {
  clientErrorHandler,
  databaseFaultAnswers,
  errorHandler,
  frameworkError,
  refuseControlCharacters,
} from './errors.ts';
import { type EventBus, eventRoutes } from './events.ts';
import { idempotency, rememberResponse } from './idempotency.ts';
import { openApiInfo, transform, transformObject } from './openapi.ts';
import { alertRoutes } from './routes/alerts.ts';
import { authRoutes } from './routes/auth.ts';
import { checkRoutes } from './routes/checks.ts';
import { configRoutes } from './routes/config.ts';
import { costRoutesApi } from './routes/cost.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { notifyPrefsRoutes } from './routes/notifyPrefs.ts';
import { orderRoutes } from './routes/orders.ts';
import { pickListRoutes } from './routes/pickList.ts';
import { planningRoutes } from './routes/planning.ts';
import { platformRoutes } from './routes/platform.ts';
import { readinessRoutes } from './routes/readiness.ts';
import { stockRoutes } from './routes/stock.ts';
import { tiktokConnectRoutes } from './routes/tiktokConnect.ts';
import { tiktokWebhookRoutes } from './routes/tiktokWebhooks.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './securityHeaders.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: `public`, or the least level (read < write < admin). */
    access?: Level | 'public';
    /** The route honours an `Idempotency-Key` header. */
    idempotent?: boolean;
    /** Only platform administrators (organizations on a shared install), whatever their role. */
    platform?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Every route as registered (method, URL, config): what tests that try every route enumerate. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Level | 'public' | undefined;
  platform: boolean;
}

export interface AppContext {
  store: Store;
  secrets: SecretBox;
  bus: EventBus;
  /** Where uploaded catalogs wait to be checked. */
  uploadDir: string;
  /** How long the overview's figures are shared before a request recomputes them (default 5 s). */
  overviewRefreshMs?: number;
  /** The dashboard's address as people reach it (PUENTE_PUBLIC_URL), for links such as password resets. */
  publicUrl?: string | undefined;
  /** The server's environment, for defaults such as PUENTE_TIKTOK_API_BASE / _AUTH_BASE (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** SMTP server and sender of e-mail notifications (PUENTE_SMTP_URL, PUENTE_MAIL_FROM). */
  mail?: MailSettings | undefined;
}

export interface AppOptions extends AppContext {
  /** The built dashboard (dist/web); absent, only the API is served (startServer decides). */
  webDist?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Login attempts per client per minute. */
  loginAttemptsPerMinute?: number;
  /**
   * Authenticated requests per organization per minute, across its users and tokens (default
   * PUENTE_ORG_REQUESTS_PER_MINUTE, else 60,000; 0: no limit): one busy seller cannot take a
   * shared server from the others.
   */
  orgRequestsPerMinute?: number;
  trustProxy?: boolean;
  /** Serve HTTPS directly (PEM key and certificate); else plain HTTP, usually behind a proxy. */
  https?: { key: Buffer; cert: Buffer } | null;
}

/** The API scope with zod schemas as types: what route modules register on. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const SESSION_COOKIE = 'puente_session';

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(o.https ? { https: o.https } : {}),
    logger: o.logger ?? false,
    trustProxy: o.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
    // Path parameters are bounded by their schemas (400 with the field named); past this, 414.
    routerOptions: { maxParamLength: 500 },
    // Fastify's own refusals (bad URL encoding, a parameter too long, a malformed request) in the API's shape.
    frameworkErrors: frameworkError,
    clientErrorHandler,
    // Closing ends every connection, the dashboards' event streams included, instead of waiting for them.
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', refuseControlCharacters);
  app.decorateRequest('principal', null as unknown as Principal);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeTable.push({
        method,
        url: route.url,
        access: route.config?.access,
        platform: route.config?.platform ?? false,
      });
  });

  app.addHook(
    'onRequest',
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Mantine and Swagger UI set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Sent always; browsers heed it only over HTTPS, where it should be.
      strictTransportSecurity: { maxAge: 180 * 86_400 },
    }),
  );
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(swagger, { openapi: openApiInfo(SESSION_COOKIE), transform, transformObject });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // For load balancers and monitors: 503 while the database cannot be reached, 200 once it can.
  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const up = await databaseAnswers(o.store);
    if (!up) reply.status(503).header('Retry-After', String(databaseFaultAnswers.unavailable.retryAfter));
    return {
      ok: up,
      status: up ? 'ok' : 'unavailable',
      database: up ? 'ok' : 'unavailable',
      engine: o.store.engine,
    };
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticate(o.store));
      perOrganizationRateLimit(api, o);
      api.addHook('preHandler', idempotency(o.store));
      api.addHook('onSend', rememberResponse(o.store));
      const z = api.withTypeProvider<ZodTypeProvider>();
      authRoutes(z, o, o.loginAttemptsPerMinute ?? 10);
      userRoutes(z, o);
      configRoutes(z, o);
      stockRoutes(z, o);
      orderRoutes(z, o);
      pickListRoutes(z, o);
      alertRoutes(z, o);
      notificationRoutes(z, o);
      notifyPrefsRoutes(z, o);
      checkRoutes(z, o);
      costRoutesApi(z, o);
      readinessRoutes(z, o);
      planningRoutes(z, o);
      platformRoutes(z, o);
      webhookRoutes(api, o);
      tiktokWebhookRoutes(api, o);
      tiktokConnectRoutes(z, o);
      eventRoutes(api, o.bus);
    },
    { prefix: '/api/v1' },
  );

  const noRoute = (request: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}`, details: null },
    });
  if (o.webDist && existsSync(join(o.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: o.webDist });
    // Client-side routes (/orders, /settings…) all load the one page.
    app.setNotFoundHandler((request, reply) =>
      request.method === 'GET' && !request.url.startsWith('/api/')
        ? reply.sendFile('index.html')
        : noRoute(request, reply),
    );
  } else {
    app.setNotFoundHandler(noRoute);
  }
  return app;
}

/**
 * Counted per organization, after authentication (public routes, such as login and webhooks, keep
 * their own limits). Only requests with a principal run the limiter: the plugin marks a request
 * as limited once, and a public route's own limit must still run.
 */
function perOrganizationRateLimit(api: FastifyInstance, o: AppOptions): void {
  const perMinute =
    o.orgRequestsPerMinute ?? Number((o.env ?? process.env).PUENTE_ORG_REQUESTS_PER_MINUTE ?? 60_000);
  if (!(perMinute > 0)) return;
  const limit = api.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `org:${request.principal?.organizationId}`,
  });
  api.addHook('onRequest', async function (request, reply) {
    if (request.principal) await limit.call(this, request, reply);
  });
}
