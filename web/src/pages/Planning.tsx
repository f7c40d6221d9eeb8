import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, csrfTokenNow, idempotencyKey } from '../api';
import type { HitLine, RestockLine, RestockPlan, SkuDemand, Warehouse } from '../apiModels';
import { usePermissions } from '../auth';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilterSelect } from '../components/FilterSelect';
import { PageHeader } from '../components/PageHeader';
import { ScrollTable } from '../components/ScrollTable';
import { StatCard } from '../components/StatCard';
import { useFormat } from '../format';
import { useResource } from '../useResource';

const STOCK_COLORS = ['#2f9e44', '#0c8599', '#5f3dc4'];
const MAX_DAYS_AHEAD = 120;

/**
 * A SKU's chart: daily demand as bars (censored days grey, on the left axis), and per warehouse its
 * available stock at the end of each day, inbound units at their expected date and the reorder
 * point now (right axis). The days run past today up to the last open ETA, so inbound on its way
 * shows where it will land. Days are the API's zone (UTC), named on the axis.
 */
function skuChart(d: SkuDemand, t: TFunction): EChartsCoreOption {
  const today = d.days.at(-1)?.date ?? '';
  const lastEta = d.warehouses
    .flatMap((w) => w.inboundDays.filter((x) => x.status === 'open').map((x) => x.date))
    .filter((x) => x > today)
    .sort()
    .at(-1);
  const dates = d.days.map((x) => x.date);
  for (
    let day = nextDay(today);
    lastEta && day <= lastEta && dates.length < d.days.length + MAX_DAYS_AHEAD;
    day = nextDay(day)
  )
    dates.push(day);
  const units = new Map(d.days.map((x) => [x.date, x]));
  // Mark lines do not stretch an axis: make room for the reorder points.
  const rightMax = Math.max(
    1,
    ...d.warehouses.flatMap((w) => [
      w.reorderPoint,
      ...w.stock.map((x) => x.available),
      ...w.inboundDays.map((x) => x.quantity),
    ]),
  );
  const series: Record<string, unknown>[] = [
    {
      name: t('planning.chart.demand'),
      type: 'bar',
      data: dates.map((date) => {
        const x = units.get(date);
        return x && !x.censored ? x.units : null;
      }),
      itemStyle: { color: '#228be6' },
      markLine: {
        symbol: 'none',
        lineStyle: { color: '#868e96', type: 'solid' },
        label: { formatter: t('planning.chart.today'), position: 'insideEndTop' },
        data: [{ xAxis: today.slice(5) }],
      },
    },
    {
      name: t('planning.chart.censored'),
      type: 'bar',
      barGap: '-100%',
      data: dates.map((date) => {
        const x = units.get(date);
        return x?.censored ? x.units : null;
      }),
      itemStyle: { color: '#adb5bd', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3] } },
    },
  ];
  d.warehouses.forEach((w, i) => {
    const color = STOCK_COLORS[i % STOCK_COLORS.length];
    const stock = new Map(w.stock.map((x) => [x.date, x.available]));
    series.push({
      name: t('planning.chart.stock', { warehouse: w.warehouse }),
      type: 'line',
      step: 'end',
      yAxisIndex: 1,
      symbol: 'none',
      data: dates.map((date) => stock.get(date) ?? null),
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      markLine: {
        symbol: 'none',
        lineStyle: { color: '#e03131', type: 'dashed' },
        label: {
          formatter: `${t('planning.chart.reorderPoint', { warehouse: w.warehouse })}: ${w.reorderPoint}`,
          position: 'insideStartTop',
        },
        data: [{ yAxis: w.reorderPoint }],
      },
    });
    for (const status of ['open', 'received'] as const) {
      const byDate = new Map(
        w.inboundDays.filter((x) => x.status === status).map((x) => [x.date, x.quantity]),
      );
      if (byDate.size === 0) continue;
      series.push({
        name: t(status === 'open' ? 'planning.chart.inbound' : 'planning.chart.received', {
          warehouse: w.warehouse,
        }),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 12,
        data: dates.map((date) => byDate.get(date) ?? null),
        itemStyle: { color: status === 'open' ? '#f08c00' : '#ffd8a8' },
      });
    }
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 56, top: 44, bottom: 48 },
    xAxis: {
      type: 'category',
      data: dates.map((x) => x.slice(5)),
      name: t('planning.chart.day', { zone: d.zone }),
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: [
      { type: 'value', name: t('planning.chart.unitsPerDay'), minInterval: 1 },
      {
        type: 'value',
        name: t('planning.chart.units'),
        minInterval: 1,
        max: Math.ceil(rightMax * 1.1),
        splitLine: { show: false },
      },
    ],
    series,
  };
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Restock planning (issue 13) [P13][P14]: core/test counts and stock value, the hits, the restock
 * suggestions with the numbers behind each, a chart of a SKU's daily demand (censored days marked)
 * against its stock and inbound over time and its reorder point, and "Create PO" for the selected suggestions.
 */
export default function PlanningPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { canOperate } = usePermissions();
  const [warehouse, setWarehouse] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [chartSku, setChartSku] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const plan = useResource<RestockPlan>('/planning/restock', {
    query: { warehouse, all: all ? 'true' : undefined },
    events: ['stock', 'board'],
  });
  const items = plan.data?.items ?? [];
  const shownSku = chartSku ?? plan.data?.hits[0]?.sku ?? items[0]?.sku ?? null;
  const demand = useResource<SkuDemand>(
    shownSku ? `/planning/skus/${encodeURIComponent(shownSku)}/demand` : null,
    {
      events: ['stock'],
    },
  );
  const key = (l: RestockLine) => `${l.sku}|${l.warehouse}`;
  const chosen = items.filter((l) => selected.has(key(l)));

  const createPo = async () => {
    const target = chosen[0]?.warehouse;
    if (!target) return;
    setBusy(true);
    try {
      const response = await fetch(`${API}/planning/purchase-orders`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          'Accept-Language': document.documentElement.lang,
          'X-CSRF-Token': csrfTokenNow() ?? '',
          ...idempotencyKey(),
        },
        body: JSON.stringify({
          warehouse: target,
          lines: chosen
            .filter((l) => l.warehouse === target)
            .map((l) => ({ sku: l.sku, quantity: l.suggestedQuantity })),
        }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? response.statusText);
      }
      const number = response.headers.get('x-purchase-order') ?? 'PO';
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${number}.xlsx`;
      a.click();
      URL.revokeObjectURL(url);
      notifications.show({ color: 'green', message: t('planning.poCreated', { number, warehouse: target }) });
      setSelected(new Set());
      plan.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const chart = useMemo<EChartsCoreOption | null>(
    () => (demand.data ? skuChart(demand.data, t) : null),
    [demand.data, t],
  );

  const classes = plan.data?.classes ?? [];
  const hits: HitLine[] = plan.data?.hits ?? [];
  const value = (c: (typeof classes)[number]) =>
    c.stockValue.length ? c.stockValue.map((m) => f.money(m)).join(' + ') : '—';

  return (
    <Stack gap="md">
      <PageHeader title={t('planning.title')} description={t('planning.description')} />
      {plan.error && <ErrorNotice error={plan.error} />}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {classes.map((c) => (
          <StatCard
            key={c.class}
            label={t(`planning.class.${c.class}`)}
            value={f.number(c.skus)}
            hint={t('planning.classHint', { units: f.number(c.units), value: value(c) })}
            testId={`class-${c.class}`}
          />
        ))}
        <StatCard
          label={t('planning.hitsTitle')}
          value={f.number(hits.length)}
          color={hits.length ? 'red' : undefined}
          testId="hits"
        />
      </SimpleGrid>

      <Card withBorder>
        <Title order={4} mb="xs">
          {t('planning.hitsTitle')}
        </Title>
        {hits.length === 0 ? (
          <Text c="dimmed">{t('planning.noHits')}</Text>
        ) : (
          <Table data-testid="hit-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>SKU</Table.Th>
                <Table.Th>{t('common.storefront')}</Table.Th>
                <Table.Th>{t('planning.hit.window')}</Table.Th>
                <Table.Th>{t('planning.hit.observed')}</Table.Th>
                <Table.Th>{t('planning.hit.ratio')}</Table.Th>
                <Table.Th>{t('planning.hit.pValue')}</Table.Th>
                <Table.Th>{t('planning.hit.runsOut')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hits.map((h) => (
                <Table.Tr
                  key={`${h.sku}|${h.storefront}`}
                  onClick={() => setChartSku(h.sku)}
                  style={{ cursor: 'pointer' }}
                >
                  <Table.Td>
                    {h.sku}{' '}
                    <Badge color="red" size="sm">
                      {t('planning.hitBadge')}
                    </Badge>{' '}
                    {h.class === 'test' && (
                      <Badge color="grape" size="sm">
                        {t('planning.promote')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{h.storefront}</Table.Td>
                  <Table.Td>{t('planning.hit.hours', { n: h.windowHours })}</Table.Td>
                  <Table.Td>
                    {t('planning.hit.vs', {
                      observed: f.number(h.observed),
                      expected: f.number(h.expected, 1),
                    })}
                  </Table.Td>
                  <Table.Td>×{f.number(h.ratio, 1)}</Table.Td>
                  <Table.Td>{h.pValue < 0.0001 ? '< 0.0001' : f.number(h.pValue, 4)}</Table.Td>
                  <Table.Td>{h.runsOutOn ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('planning.suggestions')}</Title>
          <Group>
            <FilterSelect
              aria-label={t('common.warehouse')}
              data={(warehouses.data?.items ?? []).map((w) => w.code)}
              value={warehouse}
              onChange={setWarehouse}
              w={140}
            />
            <Switch
              label={t('planning.showAll')}
              checked={all}
              onChange={(e) => setAll(e.currentTarget.checked)}
            />
            {canOperate && (
              <Button
                onClick={createPo}
                disabled={chosen.length === 0}
                loading={busy}
                data-testid="create-po"
              >
                {t('planning.createPo')}
              </Button>
            )}
          </Group>
        </Group>
        <ScrollTable
          minWidth={1100}
          striped
          highlightOnHover
          data-testid="suggestions"
          head={
            <>
              <Table.Th />
              <Table.Th>SKU</Table.Th>
              <Table.Th>{t('common.warehouse')}</Table.Th>
              <Table.Th>{t('planning.col.pace')}</Table.Th>
              <Table.Th>{t('planning.col.lead')}</Table.Th>
              <Table.Th>{t('planning.col.safety')}</Table.Th>
              <Table.Th>{t('planning.col.reorderPoint')}</Table.Th>
              <Table.Th>{t('planning.col.stock')}</Table.Th>
              <Table.Th>{t('planning.col.suggested')}</Table.Th>
              <Table.Th>{t('planning.col.cover')}</Table.Th>
              <Table.Th>{t('planning.col.why')}</Table.Th>
            </>
          }
        >
          {items.map((l) => (
            <Table.Tr key={key(l)} data-testid={`suggestion-${l.sku}-${l.warehouse}`}>
              <Table.Td>
                <Checkbox
                  aria-label={l.sku}
                  checked={selected.has(key(l))}
                  disabled={l.suggestedQuantity === 0}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.currentTarget.checked) next.add(key(l));
                    else next.delete(key(l));
                    setSelected(next);
                  }}
                />
              </Table.Td>
              <Table.Td onClick={() => setChartSku(l.sku)} style={{ cursor: 'pointer' }}>
                <Text fw={600} span>
                  {l.sku}
                </Text>{' '}
                <Badge size="xs" variant="light" color={l.class === 'core' ? 'blue' : 'gray'}>
                  {t(`planning.class.${l.class}`)}
                </Badge>{' '}
                {l.hit && (
                  <Badge size="xs" color="red">
                    {t('planning.hitBadge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{l.warehouse}</Table.Td>
              <Table.Td>
                {f.number(l.velocityPerDay, 1)}
                {l.censoredDays > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('planning.censored', { n: l.censoredDays })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t('planning.days', { n: l.leadTimeDays })}</Table.Td>
              <Table.Td>{f.number(l.safetyStock)}</Table.Td>
              <Table.Td>{f.number(l.reorderPoint)}</Table.Td>
              <Table.Td>
                {t('planning.stockLine', {
                  onHand: f.number(l.onHand),
                  inbound: f.number(l.inbound),
                  waiting: f.number(l.waiting),
                })}
              </Table.Td>
              <Table.Td>
                <Text fw={700}>{f.number(l.suggestedQuantity)}</Text>
                {l.casePack > 1 && (
                  <Text size="xs" c="dimmed">
                    {t('planning.cartons', { n: f.number(l.cartons), pack: l.casePack })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {l.coverDaysNow === null ? '—' : f.number(l.coverDaysNow, 1)} →{' '}
                {l.coverDaysAfter === null ? '—' : f.number(l.coverDaysAfter, 1)}
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {t('planning.why', {
                    position: f.number(l.position),
                    reorderPoint: f.number(l.reorderPoint),
                    pace: f.number(l.velocityPerDay, 1),
                    lead: l.leadTimeDays,
                    supplierLead: l.supplierLeadTimeDays,
                    transit: l.transitDays,
                  })}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
        {items.length === 0 && !plan.loading && <Text c="dimmed">{t('planning.noSuggestions')}</Text>}
      </Card>

      {chart && demand.data && (
        <Card withBorder data-testid="demand-chart">
          <Title order={4} mb="xs">
            {t('planning.chart.title', { sku: demand.data.sku })}
          </Title>
          <EChart option={chart} height={340} testId="planning-chart" />
          <Text size="xs" c="dimmed" data-testid="chart-zone">
            {t('planning.chart.zoneNote', { zone: demand.data.zone })}
          </Text>
        </Card>
      )}
    </Stack>
  );
}
