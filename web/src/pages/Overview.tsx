import {
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Overview } from '../apiModels';
import { ErrorNotice } from '../components/ErrorNotice';
import { LateDispatchChart } from '../components/LateDispatchChart';
import { PageHeader } from '../components/PageHeader';
import { ScrollTable } from '../components/ScrollTable';
import { StatCard } from '../components/StatCard';
import { WaitingExposure } from '../components/WaitingExposure';
import { useFormat } from '../format';
import { useNow } from '../useNow';
import { useResource } from '../useResource';

export default function OverviewPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow(30_000);
  const { data, error } = useResource<Overview>('/metrics/overview', {
    events: ['board', 'alerts', 'stock'],
  });

  return (
    <Stack gap="md">
      <PageHeader title={t('overview.title')} description={t('overview.description')} />
      <ErrorNotice error={error} />
      {!data && !error && <Skeleton h={320} />}
      {data && (
        <>
          {/* Three to a row: a tile's pickup time, zone named, must read whole in every language. */}
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            {data.shipToday.map((w) => (
              <StatCard
                key={w.warehouse}
                testId={`ship-today-${w.warehouse}`}
                label={t('overview.shipToday', { warehouse: w.warehouse })}
                value={f.number(w.count)}
                // Due by the warehouse's next carrier pickup, in its zone (the time there on hover).
                hint={
                  <Tooltip label={t('overview.localTime', { time: f.clock(new Date(now), w.timeZone) })}>
                    <span data-testid={`ship-today-${w.warehouse}-pickup`}>
                      {t('overview.byPickup', { time: f.instant(w.nextPickup, w.timeZone) })}
                    </span>
                  </Tooltip>
                }
              />
            ))}
            <StatCard
              testId="stat-at-risk"
              label={t('overview.atRisk')}
              value={f.number(data.atRisk)}
              color={data.atRisk > 0 ? 'orange.7' : undefined}
              hint={t('overview.atRiskHint')}
            />
            <StatCard
              testId="stat-late"
              label={t('overview.late')}
              value={f.number(data.late)}
              color={data.late > 0 ? 'red.7' : undefined}
              hint={t('overview.lateHint')}
            />
            <StatCard
              testId="stat-awaiting"
              label={t('overview.awaiting')}
              value={f.number(data.awaitingStock.orders)}
              color={data.awaitingStock.orders > 0 ? 'grape.8' : undefined}
              hint={
                <Anchor component={Link} to="/orders?status=awaiting_stock" size="xs" c="dimmed">
                  {t('overview.awaitingHint', {
                    units: f.number(data.awaitingStock.units),
                    late: f.number(data.awaitingStock.late),
                  })}
                </Anchor>
              }
            />
            <StatCard
              testId="stat-oversell"
              label={t('overview.oversellAlerts')}
              value={f.number(data.openOversellAlerts)}
              color={data.openOversellAlerts > 0 ? 'red.7' : undefined}
              hint={
                <Anchor component={Link} to="/alerts?kind=oversell" size="xs">
                  {t('overview.seeAlerts')}
                </Anchor>
              }
            />
          </SimpleGrid>

          <WaitingExposure rows={data.waitingExposure} />

          <Card withBorder radius="md" padding="md">
            <Group justify="space-between" mb="xs" align="flex-start">
              <div>
                <Title order={4}>{t('overview.lateDispatchTitle')}</Title>
                <Text size="sm" c="dimmed">
                  {t('overview.lateDispatchHint', {
                    warning: f.percent(data.thresholds.warning, 0),
                    limit: f.percent(data.thresholds.limit, 0),
                  })}
                </Text>
              </div>
              <Badge variant="outline" color="indigo">
                P11
              </Badge>
            </Group>
            {data.lateDispatch.length === 0 ? (
              <Text c="dimmed" ta="center" py="xl">
                {t('overview.noDispatchYet')}
              </Text>
            ) : (
              <LateDispatchChart data={data} />
            )}
          </Card>

          <Card withBorder radius="md" padding="md">
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('overview.lowStockTitle')}</Title>
              <Anchor component={Link} to="/inventory?low=1" size="sm">
                {t('overview.openInventory')}
              </Anchor>
            </Group>
            {data.lowStock.length === 0 ? (
              <Text c="dimmed" ta="center" py="md">
                {t('overview.noLowStock')}
              </Text>
            ) : (
              <ScrollTable
                minWidth={480}
                striped
                highlightOnHover
                data-testid="low-stock-table"
                head={
                  <>
                    <Table.Th>{t('common.sku')}</Table.Th>
                    <Table.Th>{t('common.warehouse')}</Table.Th>
                    <Table.Th ta="right">{t('stock.available')}</Table.Th>
                    <Table.Th ta="right">{t('stock.daysOfCover')}</Table.Th>
                    <Table.Th ta="right">{t('stock.leadTime')}</Table.Th>
                  </>
                }
              >
                {data.lowStock.map((r) => (
                  <Table.Tr key={`${r.sku}|${r.warehouse}`}>
                    <Table.Td ff="monospace">{r.sku}</Table.Td>
                    <Table.Td>{r.warehouse}</Table.Td>
                    <Table.Td ta="right" c={r.available <= 0 ? 'red.7' : undefined} fw={500}>
                      {f.number(r.available)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {r.daysOfCover === null ? '—' : t('stock.days', { n: f.number(r.daysOfCover, 1) })}
                    </Table.Td>
                    <Table.Td ta="right">{t('stock.days', { n: f.number(r.leadTimeDays) })}</Table.Td>
                  </Table.Tr>
                ))}
              </ScrollTable>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
