import { z } from 'zod';
import { audit } from '../../store/accounts.ts';
import type { Store } from '../../store/openDatabase.ts';
import { now } from '../../store/transaction.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';

const alertView = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  state: z.enum(['open', 'acknowledged', 'resolved']),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

async function alertById(store: Store, org: string, id: string) {
  const a = await store.db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', org)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound('alert');
  return {
    id: a.id,
    kind: a.kind,
    subject: a.subject,
    state: a.state,
    severity: a.severity,
    message: a.message,
    data: JSON.parse(a.data) as Record<string, unknown>,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    resolvedAt: a.resolved_at,
  };
}

export function alertRoutes(api: Api, { store, bus }: AppContext) {
  api.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        querystring: z.object({
          state: z.enum(['open', 'acknowledged', 'resolved']).optional(),
          kind: z.string().max(50).optional(),
          ...pageQuery,
        }),
        response: { 200: listOf(alertView) },
      },
    },
    async (request) => {
      const { state, kind, limit, cursor } = request.query;
      const after = decodeCursor(cursor);
      let q = store.db
        .selectFrom('alerts')
        .selectAll()
        .where('organization_id', '=', request.principal.organizationId)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (state) q = q.where('state', '=', state);
      if (kind) q = q.where('kind', '=', kind);
      if (after) {
        const [at, id] = after.map(String) as [string, string];
        q = q.where((eb) =>
          eb.or([eb('updated_at', '<', at), eb.and([eb('updated_at', '=', at), eb('id', '<', id)])]),
        );
      }
      return page(
        await q.execute(),
        limit,
        (a) => [a.updated_at, a.id],
        (a) => ({
          id: a.id,
          kind: a.kind,
          subject: a.subject,
          state: a.state,
          severity: a.severity,
          message: a.message,
          data: JSON.parse(a.data) as Record<string, unknown>,
          createdAt: a.created_at,
          updatedAt: a.updated_at,
          resolvedAt: a.resolved_at,
        }),
      );
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    api.post(
      `/alerts/:id/${action}`,
      {
        config: { access: 'write' },
        schema: {
          tags: ['alerts'],
          params: z.object({ id: z.string() }),
          response: { 200: z.object({ alert: alertView }) },
        },
      },
      async (request) => {
        const org = request.principal.organizationId;
        const current = await alertById(store, org, request.params.id);
        if (current.state === 'resolved')
          throw new ApiError(409, 'ALERT_RESOLVED', 'this alert is already resolved');
        const at = now();
        await store.db
          .updateTable('alerts')
          .set(
            action === 'resolve'
              ? { state: 'resolved', resolved_at: at, updated_at: at }
              : { state: 'acknowledged', updated_at: at },
          )
          .where('organization_id', '=', org)
          .where('id', '=', request.params.id)
          .where('state', '!=', 'resolved')
          .execute();
        await audit(store, {
          organizationId: org,
          actor: request.principal.actor,
          action: `alert.${action}`,
          subject: current.subject,
          data: { id: current.id },
        });
        bus.publish(org, 'alerts', { reason: action, id: request.params.id });
        return { alert: await alertById(store, org, request.params.id) };
      },
    );
  }
}
