import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import type { AlertItem, AlertState, WarehouseZone } from '../apiModels';
import { usePermissions } from '../auth';
import { AlertDeliveries } from '../components/AlertDeliveries';
import { AlertStateBadge, SeverityBadge, severityColor } from '../components/badges';
import { ErrorNotice, errorText } from '../components/ErrorNotice';
import { FilterSelect } from '../components/FilterSelect';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../format';
import { useZones } from '../orderZone';
import { useNow } from '../useNow';
import { usePagedList } from '../useResource';

const kinds = [
  'oversell',
  'low_stock',
  'ship_by_at_risk',
  'ship_by_late',
  'listing_not_compliant',
  'sync_failure',
  'restock_hit',
];

/** The alert in the user's language from its data; the server's English text when the kind is new. */
function alertText(a: AlertItem, t: TFunction, f: ReturnType<typeof useFormat>, zone: WarehouseZone): string {
  const d = a.data ?? {};
  const kind = a.kind === 'oversell_risk' ? 'oversell' : a.kind;
  try {
    if (kind === 'low_stock' && d.sku) {
      return t('alerts.msg.low_stock', {
        sku: d.sku,
        warehouse: d.warehouse,
        available: f.number(Number(d.available ?? 0)),
        days: f.number(Number(d.daysOfCover ?? 0), 1),
        lead: f.number(Number(d.leadTimeDays ?? 0)),
      });
    }
    if ((kind === 'ship_by_late' || kind === 'ship_by_at_risk') && d.externalId && d.shipBy) {
      // The deadline that comes first: the warehouse's last pickup, when the alert knows it.
      const shipBy = f.instant(String(d.operationalBy ?? d.shipBy), zone.timeZone);
      return t(`alerts.msg.${kind}`, { id: d.externalId, shipBy });
    }
    // One alert per SKU and storefront: how many orders wait and how many units they lack.
    if (kind === 'oversell' && d.skuId) {
      const orders = Number(d.orders ?? 0);
      const short = Number(d.unitsShort ?? 0);
      // "TTS-MX · PT-TOY-005: 7 orders waiting, 12 units short" (one order, one unit: singular).
      return t('alerts.msg.oversellSku', {
        sku: d.sku,
        storefront: d.storefront ?? '',
        orders:
          orders === 1 ? t('alerts.ordersWaitingOne') : t('alerts.ordersWaiting', { n: f.number(orders) }),
        units: short === 1 ? t('alerts.unitsShortOne') : t('alerts.unitsShort', { n: f.number(short) }),
      });
    }
    if (kind === 'oversell' && d.externalId) {
      const skus = Array.isArray(d.shortfalls)
        ? (d.shortfalls as { sku?: string }[]).map((s) => s.sku).filter(Boolean)
        : [];
      return t('alerts.msg.oversell', {
        id: d.externalId,
        storefront: d.storefront ?? '',
        skus: skus.join(', ') || '—',
      });
    }
    // TikTok Shop sync (issue 11): the event names which text; TikTok's own reason stays as it came.
    if (kind === 'sync_failure' && typeof d.event === 'string' && d.event.startsWith('tiktok_')) {
      const sample = Array.isArray(d.sample) ? d.sample.join(', ') : '';
      return t(`alerts.msg.${d.event}`, {
        sku: d.sku ?? '',
        shop: d.shop ?? '',
        code: d.code ?? '—',
        error: d.error ?? '',
        skus: f.number(Number(d.skus ?? 0)),
        sample,
        id: d.externalId ?? '',
        carrier: d.carrier ?? '',
        tracking: d.tracking ?? '',
        defaultValue: a.message,
      });
    }
  } catch {
    // fall through to the server's text
  }
  return a.message;
}

/** The alert of one SKU on one storefront whose orders wait for stock. */
const isSkuOversell = (a: AlertItem) =>
  (a.kind === 'oversell' || a.kind === 'oversell_risk') && Boolean(a.data?.skuId);

type Zones = ReturnType<typeof useZones>;

/** The zone of the order an alert is about: its warehouse's, else its storefront's first, else UTC. */
function alertZone(d: Record<string, unknown>, zones: Zones): WarehouseZone {
  const w = d.warehouse;
  const code =
    typeof w === 'string'
      ? w
      : w && typeof w === 'object' && 'code' in w
        ? String(w.code)
        : Array.isArray(d.warehouses) && d.warehouses.length > 0
          ? String(d.warehouses[0])
          : null;
  const zone = zones.ofWarehouse(code);
  if (zone.code) return zone;
  return zones.ofOrder({ storefront: typeof d.storefront === 'string' ? d.storefront : undefined });
}

/**
 * How late the order an alert is about is, or how long it has left, by each deadline it carries:
 * "47 days late", or "Operational deadline: 2 hours left · Platform deadline: 1 day left".
 * An alert raised seconds ago about a weeks-late order must say the order is weeks late.
 */
function deadlineStatus(
  d: Record<string, unknown>,
  now: number,
  t: TFunction,
  f: ReturnType<typeof useFormat>,
): { text: string; late: boolean } | null {
  const at = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null);
  const status = (due: number) =>
    due < now
      ? t('time.late', { duration: f.duration(now - due) })
      : t('time.left', { duration: f.duration(due - now) });
  const platform = at(d.shipBy);
  const operational = at(d.operationalBy);
  if (platform === null) return null;
  const late = Math.min(platform, operational ?? platform) < now;
  if (operational === null) return { text: status(platform), late };
  return {
    text: `${t('time.operational', { status: status(operational) })} · ${t('time.platform', { status: status(platform) })}`,
    late,
  };
}

/** How late the alert's order is (or how long it has left), beside when the alert was raised. */
function AlertWhen({ alert: a, now }: { alert: AlertItem; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const due = a.state === 'resolved' ? null : deadlineStatus(a.data ?? {}, now, t, f);
  return (
    <Group gap={6} wrap="wrap">
      {due && (
        <Text size="xs" fw={600} c={due.late ? 'red.7' : 'orange.7'} data-testid="alert-deadline">
          {due.text}
        </Text>
      )}
      {/* When the alert was raised: relative, its instant in the user's zone on hover. */}
      <Tooltip label={t('time.inYourTime', { text: f.yourInstant(a.createdAt) })}>
        <Text size="xs" c="dimmed" w="fit-content" data-testid="alert-raised">
          {due && '· '}
          {t('alerts.raised', { when: f.relative(a.createdAt) })}
          {a.updatedAt !== a.createdAt && ` · ${t('alerts.updated', { when: f.relative(a.updatedAt) })}`}
        </Text>
      </Tooltip>
    </Group>
  );
}

export default function AlertsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { canOperate } = usePermissions();
  // The filters live in the address, so a link (the Overview's oversell tile) opens them set.
  const [params, setParams] = useSearchParams();
  const state: AlertState =
    (['open', 'acknowledged', 'resolved'] as const).find((s) => s === params.get('state')) ?? 'open';
  const kind = kinds.find((k) => k === params.get('kind')) ?? null;
  const setFilter = (name: 'state' | 'kind', value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value && !(name === 'state' && value === 'open')) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const [busy, setBusy] = useState<string | null>(null);
  const zones = useZones();
  const now = useNow(30_000);
  const alerts = usePagedList<AlertItem>('/alerts', {
    query: { state, kind },
    events: ['alerts'],
    limit: 50,
  });

  async function act(alert: AlertItem, action: 'acknowledge' | 'resolve') {
    setBusy(`${alert.id}:${action}`);
    try {
      await api.post(`/alerts/${encodeURIComponent(alert.id)}/${action}`, {});
      alerts.setItems((items) => items.filter((a) => a.id !== alert.id));
      notifications.show({ color: 'teal', message: t(`alerts.done.${action}`) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="md">
      <PageHeader title={t('alerts.title')} description={t('alerts.description')} />
      <Group gap="sm" align="flex-end">
        <SegmentedControl
          value={state}
          onChange={(v) => setFilter('state', v)}
          data={(['open', 'acknowledged', 'resolved'] as const).map((s) => ({
            value: s,
            label: t(`alertState.${s}`),
          }))}
          data-testid="alert-state-filter"
        />
        <FilterSelect
          placeholder={t('alerts.allKinds')}
          w={240}
          value={kind}
          onChange={(v) => setFilter('kind', v)}
          data={kinds.map((k) => ({ value: k, label: t(`alertKinds.${k}`) }))}
        />
      </Group>
      <ErrorNotice error={alerts.error} />
      {!alerts.loading && alerts.items.length === 0 && (
        <Card withBorder radius="md">
          <Text c="dimmed" ta="center" py="lg" data-testid="alerts-empty">
            {t(`alerts.empty.${state}`)}
          </Text>
        </Card>
      )}
      <Stack gap="xs" data-testid="alerts-list">
        {alerts.items.map((a) => (
          <Card
            key={a.id}
            withBorder
            radius="md"
            padding="sm"
            data-testid="alert-row"
            data-id={a.id}
            data-kind={a.kind}
            data-state={a.state}
            style={{
              borderLeft: `4px solid var(--mantine-color-${severityColor[a.severity] ?? 'gray'}-6)`,
            }}
          >
            <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
              <Stack gap={4} style={{ flex: 1, minWidth: 260 }}>
                <Group gap="xs">
                  <SeverityBadge severity={a.severity} />
                  <Text fw={600} size="sm">
                    {t(`alertKinds.${a.kind === 'oversell_risk' ? 'oversell' : a.kind}`, {
                      defaultValue: a.kind,
                    })}
                  </Text>
                  {state !== 'open' && <AlertStateBadge state={a.state} />}
                </Group>
                <Text size="sm" data-testid="alert-text">
                  {alertText(a, t, f, alertZone(a.data ?? {}, zones))}
                </Text>
                {isSkuOversell(a) && a.state !== 'resolved' && (
                  <Anchor
                    component={Link}
                    to="/orders?status=awaiting_stock"
                    size="sm"
                    w="fit-content"
                    data-testid="alert-waiting-link"
                  >
                    {t('alerts.openWaiting')}
                  </Anchor>
                )}
                <AlertWhen alert={a} now={now} />
                <AlertDeliveries alertId={a.id} />
              </Stack>
              {canOperate && a.state !== 'resolved' && (
                <Group gap="xs">
                  {a.state === 'open' && (
                    <Button
                      size="xs"
                      variant="default"
                      loading={busy === `${a.id}:acknowledge`}
                      onClick={() => void act(a, 'acknowledge')}
                      data-testid="alert-acknowledge"
                    >
                      {t('alerts.acknowledge')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    color="teal"
                    variant="light"
                    loading={busy === `${a.id}:resolve`}
                    onClick={() => void act(a, 'resolve')}
                    data-testid="alert-resolve"
                  >
                    {t('alerts.resolve')}
                  </Button>
                </Group>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      {alerts.nextCursor && (
        <Group justify="center">
          <Button variant="default" onClick={() => void alerts.loadMore()} loading={alerts.loadingMore}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
