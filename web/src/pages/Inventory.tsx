import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SkuClasses, StockLevel, Warehouse } from '../apiModels';
import { usePermissions } from '../auth';
import { FilterSelect } from '../components/FilterSelect';
import { ListCard } from '../components/ListCard';
import { PageHeader } from '../components/PageHeader';
import { ScrollTable } from '../components/ScrollTable';
import { SkuDrawer } from '../components/SkuDrawer';
import { type StockChangeKind, StockChangeModal } from '../components/StockChangeModal';
import { useFormat } from '../format';
import { usePagedList, useResource } from '../useResource';

export default function InventoryPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { canOperate } = usePermissions();
  const [params, setParams] = useSearchParams();
  // `?sku=…` (an alert's or digest's link): the list filtered to that SKU, its drawer open.
  const linkedSku = params.get('sku');
  const [search, setSearch] = useState(linkedSku ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [warehouse, setWarehouse] = useState<string | null>(null);
  const low = params.get('low') === '1';
  const [form, setForm] = useState<{ kind: StockChangeKind; sku?: string; warehouse?: string } | null>(null);
  const [drawerSku, setDrawerSku] = useState<string | null>(linkedSku);
  useEffect(() => {
    if (!linkedSku) return;
    setSearch(linkedSku);
    setDrawerSku(linkedSku);
  }, [linkedSku]);
  const closeDrawer = () => {
    setDrawerSku(null);
    if (linkedSku)
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.delete('sku');
          return next;
        },
        { replace: true },
      );
  };

  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const stock = usePagedList<StockLevel>('/stock', {
    query: { sku: q, warehouse, low: low ? true : undefined },
    events: ['stock', 'board'],
    limit: 100,
  });
  // Core or test [P13], shown beside each SKU: only the SKUs listed, from the demand roll-up.
  const listed = [...new Set(stock.items.map((s) => s.sku))].sort().join(',');
  const classes = useResource<SkuClasses>(listed ? '/planning/classes' : null, {
    query: { skus: listed },
    events: ['stock'],
  });
  const classOf = new Map((classes.data?.items ?? []).map((c) => [c.sku, c.class]));
  const whList = warehouses.data?.items ?? [];
  const zoneOf = (code: string) => whList.find((w) => w.code === code)?.timeZone;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('inventory.title')}
        description={t('inventory.description')}
        actions={
          canOperate && (
            <>
              <Button onClick={() => setForm({ kind: 'receive' })} data-testid="receive-button">
                {t('stock.forms.receive')}
              </Button>
              <Button
                variant="default"
                onClick={() => setForm({ kind: 'adjust' })}
                data-testid="adjust-button"
              >
                {t('stock.forms.adjust')}
              </Button>
              <Button
                variant="default"
                onClick={() => setForm({ kind: 'transfer' })}
                data-testid="transfer-button"
              >
                {t('stock.forms.transfer')}
              </Button>
            </>
          )
        }
      />
      <ListCard
        list={stock}
        empty={t('inventory.empty')}
        filters={
          <>
            <TextInput
              label={t('inventory.search')}
              placeholder={t('inventory.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={260}
              data-testid="stock-search"
            />
            <FilterSelect
              label={t('common.warehouse')}
              w={200}
              data={whList.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }))}
              value={warehouse}
              onChange={setWarehouse}
            />
            <Switch
              label={t('inventory.lowOnly')}
              checked={low}
              onChange={(e) => setParams(e.currentTarget.checked ? { low: '1' } : {})}
              mb={8}
              data-testid="low-only"
            />
          </>
        }
      >
        <ScrollTable
          minWidth={980}
          highlightOnHover
          verticalSpacing="xs"
          data-testid="stock-table"
          head={
            <>
              <Table.Th>{t('common.sku')}</Table.Th>
              <Table.Th>{t('common.warehouse')}</Table.Th>
              <Table.Th ta="right">{t('stock.onHand')}</Table.Th>
              <Table.Th ta="right">{t('stock.reserved')}</Table.Th>
              <Table.Th ta="right">{t('stock.available')}</Table.Th>
              <Table.Th ta="right">{t('stock.inbound')}</Table.Th>
              <Table.Th ta="right">{t('stock.daysOfCover')}</Table.Th>
              <Table.Th />
            </>
          }
        >
          {stock.items.map((s, i) => {
            const first = i === 0 || stock.items[i - 1]?.sku !== s.sku;
            return (
              <Table.Tr
                key={`${s.sku}|${s.warehouse}`}
                data-testid="stock-row"
                data-sku={s.sku}
                data-warehouse={s.warehouse}
                style={first && i > 0 ? { borderTop: '2px solid var(--mantine-color-gray-3)' } : undefined}
              >
                <Table.Td maw={320}>
                  {first && (
                    <>
                      <Anchor
                        component="button"
                        ff="monospace"
                        fz="sm"
                        onClick={() => setDrawerSku(s.sku)}
                        data-testid="sku-link"
                      >
                        {s.sku}
                      </Anchor>{' '}
                      {classOf.get(s.sku) && (
                        <Badge
                          size="xs"
                          variant="light"
                          color={classOf.get(s.sku) === 'core' ? 'blue' : 'gray'}
                          data-testid="class-badge"
                        >
                          {t(`planning.class.${classOf.get(s.sku)}`)}
                        </Badge>
                      )}
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {s.title}
                      </Text>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{s.warehouse}</Text>
                    {s.low && (
                      <Badge color="red" size="xs" variant="filled" data-testid="low-badge">
                        {t('stock.low')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right" data-testid="on-hand">
                  {f.number(s.onHand)}
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {f.number(s.reserved)}
                </Table.Td>
                <Table.Td
                  ta="right"
                  fw={700}
                  c={s.available <= 0 ? 'red.7' : undefined}
                  data-testid="available"
                >
                  {f.number(s.available)}
                </Table.Td>
                <Table.Td ta="right">
                  {s.inbound > 0 ? (
                    <Tooltip label={t('stock.eta', { date: f.date(s.inboundEta, zoneOf(s.warehouse)) })}>
                      <Text size="sm">
                        {f.number(s.inbound)}
                        <Text span size="xs" c="dimmed">
                          {' '}
                          {s.inboundEta ? `· ${f.date(s.inboundEta, zoneOf(s.warehouse))}` : ''}
                        </Text>
                      </Text>
                    </Tooltip>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {s.daysOfCover === null ? (
                    <Text size="sm" c="dimmed">
                      {t('stock.noSales')}
                    </Text>
                  ) : (
                    <Tooltip label={t('stock.leadTimeIs', { n: s.leadTimeDays })}>
                      <Text size="sm" c={s.daysOfCover < s.leadTimeDays ? 'red.7' : undefined}>
                        {t('stock.days', { n: f.number(s.daysOfCover, 1) })}
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('common.actions')}
                        data-testid="row-actions"
                      >
                        ⋯
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setDrawerSku(s.sku)}>{t('inventory.history')}</Menu.Item>
                      {canOperate &&
                        (['receive', 'adjust', 'transfer'] as const).map((kind) => (
                          <Menu.Item
                            key={kind}
                            onClick={() => setForm({ kind, sku: s.sku, warehouse: s.warehouse })}
                          >
                            {t(`stock.forms.${kind}`)}
                          </Menu.Item>
                        ))}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ScrollTable>
      </ListCard>
      {form && (
        <StockChangeModal
          kind={form.kind}
          opened
          onClose={() => setForm(null)}
          onDone={(change) => {
            const level = change.level;
            if (!level) return stock.reload();
            // Show the new level at once; the `stock` event refetches the rest.
            stock.setItems((items) =>
              items.some((s) => s.sku === level.sku && s.warehouse === level.warehouse)
                ? items.map((s) =>
                    s.sku === level.sku && s.warehouse === level.warehouse ? { ...s, ...level } : s,
                  )
                : items,
            );
          }}
          warehouses={whList}
          initial={{ sku: form.sku, warehouse: form.warehouse }}
        />
      )}
      <SkuDrawer sku={drawerSku} onClose={closeDrawer} />
    </Stack>
  );
}
