import { Anchor, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Overview } from '../apiModels';
import { useFormat } from '../format';
import { ScrollTable } from './ScrollTable';

/**
 * Per storefront, what waits for stock and what it exposes the seller to [P11]: an order past its
 * platform deadline is a late dispatch already, and cancelling it may count as the seller's fault;
 * those due within 24 hours are next.
 */
export function WaitingExposure({ rows }: { rows: Overview['waitingExposure'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const waiting = rows.filter((r) => r.orders > 0);
  return (
    <Card withBorder radius="md" padding="md" data-testid="waiting-exposure">
      <Group justify="space-between" mb="xs" align="flex-start" wrap="nowrap">
        <div>
          <Title order={4}>{t('overview.exposureTitle')}</Title>
          <Text size="sm" c="dimmed">
            {t('overview.exposureHint')}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Badge variant="outline" color="indigo">
            P11
          </Badge>
        </Group>
      </Group>
      {waiting.length === 0 ? (
        <Text c="dimmed" ta="center" py="md">
          {t('overview.noWaiting')}
        </Text>
      ) : (
        <>
          <ScrollTable
            minWidth={560}
            striped
            data-testid="exposure-table"
            head={
              <>
                <Table.Th>{t('common.storefront')}</Table.Th>
                <Table.Th ta="right">{t('overview.exposure.orders')}</Table.Th>
                <Table.Th ta="right">{t('overview.exposure.unitsShort')}</Table.Th>
                <Table.Th ta="right">{t('overview.exposure.late')}</Table.Th>
                <Table.Th ta="right">{t('overview.exposure.due24h')}</Table.Th>
              </>
            }
          >
            {rows.map((r) => (
              <Table.Tr key={r.storefront} data-testid="exposure-row" data-storefront={r.storefront}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {r.storefront}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.storefrontName}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" data-testid="exposure-orders">
                  {f.number(r.orders)}
                </Table.Td>
                <Table.Td ta="right">{f.number(r.unitsShort)}</Table.Td>
                <Table.Td ta="right" c={r.late > 0 ? 'red.7' : undefined} fw={r.late > 0 ? 700 : undefined}>
                  {f.number(r.late)}
                </Table.Td>
                <Table.Td ta="right" c={r.dueWithin24h > 0 ? 'orange.7' : undefined}>
                  {f.number(r.dueWithin24h)}
                </Table.Td>
              </Table.Tr>
            ))}
          </ScrollTable>
          <Group justify="flex-end" mt="xs">
            <Anchor component={Link} to="/orders?status=awaiting_stock" size="sm">
              {t('overview.openWaiting')}
            </Anchor>
          </Group>
        </>
      )}
    </Card>
  );
}
