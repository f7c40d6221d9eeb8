import { Badge, Button, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Movement, PublishedQuantity } from '../apiModels';
import { instantStyle, useFormat } from '../format';
import { useZones } from '../orderZone';
import { usePagedList, useResource } from '../useResource';
import { ErrorNotice } from './ErrorNotice';
import { ScrollTable } from './ScrollTable';

function Delta({ n }: { n: number }) {
  const f = useFormat();
  if (n === 0) return <Text c="dimmed">0</Text>;
  return (
    <Text c={n > 0 ? 'teal.7' : 'red.7'} fw={500}>
      {n > 0 ? '+' : '−'}
      {f.number(Math.abs(n))}
    </Text>
  );
}

/** One SKU: what each storefront publishes, and its movement history. */
export function SkuDrawer({ sku, onClose }: { sku: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={sku !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={4}>{sku}</Title>}
      data-testid="sku-drawer"
    >
      {sku && <SkuDetails sku={sku} />}
      {!sku && <Text>{t('common.loading')}</Text>}
    </Drawer>
  );
}

function SkuDetails({ sku }: { sku: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const zones = useZones();
  const published = useResource<{ items: PublishedQuantity[] }>('/stock/published', {
    query: { sku },
    events: ['stock', 'board'],
  });
  const movements = usePagedList<Movement>('/stock/movements', {
    query: { sku },
    events: ['stock'],
    limit: 50,
  });

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={5}>{t('stock.publishedTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('stock.publishedHint')}
        </Text>
        <ErrorNotice error={published.error} />
        <Table withTableBorder data-testid="published-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.storefront')}</Table.Th>
              <Table.Th ta="right">{t('stock.available')}</Table.Th>
              <Table.Th ta="right">{t('stock.buffer')}</Table.Th>
              <Table.Th ta="right">{t('stock.published')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(published.data?.items ?? []).map((p) => (
              <Table.Tr key={p.storefront} data-testid="published-row" data-storefront={p.storefront}>
                <Table.Td>{p.storefront}</Table.Td>
                <Table.Td ta="right">{f.number(p.available)}</Table.Td>
                <Table.Td ta="right">−{f.number(p.buffer)}</Table.Td>
                <Table.Td ta="right" fw={700} data-testid="published">
                  {f.number(p.published)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <Stack gap="xs">
        <Title order={5}>{t('stock.movementsTitle')}</Title>
        <ErrorNotice error={movements.error} />
        <ScrollTable
          minWidth={560}
          striped
          verticalSpacing={6}
          fz="sm"
          data-testid="movements-table"
          head={
            <>
              <Table.Th>{t('stock.when')}</Table.Th>
              <Table.Th>{t('common.warehouse')}</Table.Th>
              <Table.Th>{t('stock.kind')}</Table.Th>
              <Table.Th ta="right">{t('stock.onHand')}</Table.Th>
              <Table.Th ta="right">{t('stock.reserved')}</Table.Th>
              <Table.Th>{t('stock.reason')}</Table.Th>
            </>
          }
        >
          {movements.items.map((m) => (
            <Table.Tr key={m.id} data-testid="movement-row" data-kind={m.kind} data-warehouse={m.warehouse}>
              <Table.Td style={instantStyle} data-testid="movement-when">
                {/* In the zone of the warehouse where the stock moved. */}
                {f.instant(m.createdAt, zones.ofWarehouse(m.warehouse).timeZone)}
              </Table.Td>
              <Table.Td>{m.warehouse}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray" size="sm" miw="max-content">
                  {t(`movementKinds.${m.kind}`, { defaultValue: m.kind })}
                </Badge>
              </Table.Td>
              <Table.Td ta="right" data-testid="movement-on-hand">
                <Delta n={m.onHandDelta} />
              </Table.Td>
              <Table.Td ta="right">
                <Delta n={m.reservedDelta} />
              </Table.Td>
              <Table.Td data-testid="movement-note">
                <Text size="xs">
                  {[m.reason, m.orderExternalId && `#${m.orderExternalId}`, m.actor]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
        {!movements.loading && movements.items.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('stock.noMovements')}
          </Text>
        )}
        {movements.nextCursor && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => void movements.loadMore()}
              loading={movements.loadingMore}
            >
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}
