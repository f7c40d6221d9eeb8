import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { actOnAlert } from '../../services/handleAlert.ts';
import { type AlertRow, listAlerts } from '../../store/alertQueries.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { cursorKey, decodeCursor, listOf, page, pageQuery } from '../pagination.ts';

const states = ['open', 'acknowledged', 'resolved'] as const;
const alertView = z
  .object({
    id: z.string(),
    kind: z.string(),
    subject: z.string(),
    state: z.enum(states),
    severity: z.enum(['info', 'warning', 'critical']),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).describe('the figures of the alert, by its kind'),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Alert' });

const toAlertView = (a: AlertRow): z.infer<typeof alertView> => ({
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
});

export function alertRoutes(api: Api, { store, bus }: AppContext) {
  api.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'List alerts',
        operationId: 'listAlerts',
        description: 'Most recently changed first.',
        querystring: z.object({
          state: z.enum(states).optional(),
          kind: text(50).optional(),
          ...pageQuery,
        }),
        response: { 200: listOf(alertView) },
      },
    },
    async (request) => {
      const { state, kind, limit, cursor } = request.query;
      const after = decodeCursor(cursor, cursorKey.pair);
      const rows = await listAlerts(store, request.principal.organizationId, {
        state,
        kind,
        after,
        limit: limit + 1,
      });
      return page(rows, limit, (a) => [a.updated_at, a.id], toAlertView);
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    api.post(
      `/alerts/:id/${action}`,
      {
        config: { access: 'write' },
        schema: {
          tags: ['alerts'],
          summary: action === 'acknowledge' ? 'Acknowledge an alert' : 'Resolve an alert',
          operationId: `${action}Alert`,
          errors: {
            404: 'NOT_FOUND: no alert with this id',
            409: 'ALERT_RESOLVED: the alert is already resolved',
          },
          params: z.object({ id: text(LIMITS.text.id) }),
          response: { 200: z.object({ alert: alertView }) },
        },
      },
      async (request) => {
        const { organizationId: org, actor } = request.principal;
        const result = await actOnAlert(store, { organizationId: org, id: request.params.id, action, actor });
        if (result.status === 'missing') throw notFound('alert');
        if (result.status === 'already_resolved')
          throw ApiError.refused(409, 'ALERT_RESOLVED', {
            key: 'alert_resolved',
            params: { id: request.params.id },
          });
        bus.publish(org, 'alerts', { reason: action, id: result.alert.id });
        return { alert: toAlertView(result.alert) };
      },
    );
  }
}
