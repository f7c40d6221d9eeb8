import { Button, Menu, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api';
import type { Order, Storefront, Warehouse } from '../apiModels';
import { orderStatuses } from '../apiModels';
import { instantStyle, useFormat } from '../format';
import { orderZone } from '../orderZone';
import { usePagedList } from '../useResource';
import { OrderStatusBadge } from './badges';
import { modals } from './confirm';
import { errorText } from './ErrorNotice';
import { FilterSelect } from './FilterSelect';
import { ListCard } from './ListCard';
import { OrderRef } from './OrderRef';
import { ReturnModal } from './ReturnModal';
import { ScrollTable } from './ScrollTable';
import { shortfallText, waitingReason } from './WaitingOrderActions';

/** Every order, filtered by status and storefront, searchable by id or SKU. */
export function OrdersList({
  storefronts,
  warehouses,
  refresh,
  canOperate,
  onShip,
}: {
  refresh: number;
  storefronts: Storefront[];
  warehouses: Warehouse[];
  canOperate: boolean;
  onShip: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  // `?order=…&status=…` (an alert's or digest's link): the list opens searched and filtered so.
  const [params] = useSearchParams();
  const linkedOrder = params.get('order');
  const linkedStatus = orderStatuses.find((s) => s === params.get('status')) ?? null;
  const [status, setStatus] = useState<string | null>(linkedStatus);
  const [storefront, setStorefront] = useState<string | null>(null);
  const [search, setSearch] = useState(linkedOrder ?? '');
  useEffect(() => {
    if (linkedOrder) setSearch(linkedOrder);
  }, [linkedOrder]);
  useEffect(() => {
    if (linkedStatus) setStatus(linkedStatus);
  }, [linkedStatus]);
  const [q] = useDebouncedValue(search.trim(), 250);
  const orders = usePagedList<Order>('/orders', {
    query: { status, storefront, q },
    events: ['board'],
    limit: 50,
  });
  const [returning, setReturning] = useState<Order | null>(null);
  const reload = orders.reload;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);

  // A waiting order's shortfall in words ("PT-TOY-005 ×3, 1 available"), not its stored JSON.
  const shortfalls = (order: Order) =>
    (waitingReason(order)?.shortfalls ?? []).map((s) => shortfallText(t, f.number, s)).join('; ');

  async function cancel(order: Order) {
    if (!(await modals.confirm(t('orders.cancelConfirm', { id: order.externalId })))) return;
    try {
      await api.post(`/orders/${encodeURIComponent(order.id)}/cancel`, {});
      notifications.show({ color: 'teal', message: t('orders.cancelledToast', { id: order.externalId }) });
      orders.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  return (
    <ListCard
      list={orders}
      empty={t('orders.noOrders')}
      filters={
        <>
          <TextInput
            label={t('orders.search')}
            placeholder={t('orders.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={240}
            data-testid="orders-search"
          />
          <FilterSelect
            label={t('orders.status')}
            w={180}
            value={status}
            onChange={setStatus}
            data={orderStatuses.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))}
            data-testid="orders-status"
          />
          <FilterSelect
            label={t('common.storefront')}
            w={200}
            value={storefront}
            onChange={setStorefront}
            data={storefronts.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))}
          />
        </>
      }
    >
      <ScrollTable
        minWidth={920}
        highlightOnHover
        verticalSpacing="xs"
        data-testid="orders-table"
        head={
          <>
            <Table.Th>{t('orders.order')}</Table.Th>
            <Table.Th>{t('orders.status')}</Table.Th>
            <Table.Th ta="right">{t('orders.total')}</Table.Th>
            <Table.Th>{t('orders.lines')}</Table.Th>
            <Table.Th>{t('orders.paidAt')}</Table.Th>
            <Table.Th>{t('orders.shipBy')}</Table.Th>
            <Table.Th>{t('orders.shipment')}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {orders.items.map((o) => {
          // Paid, deadline and shipped in the zone of the order's queue warehouse, named.
          const zone = orderZone(o, storefronts, warehouses).timeZone;
          return (
            <Table.Tr key={o.id} data-testid="order-row" data-external-id={o.externalId}>
              <Table.Td>
                <OrderRef order={o} />
              </Table.Td>
              <Table.Td>
                <Tooltip label={shortfalls(o)} disabled={!shortfalls(o)} multiline w={280}>
                  <span>
                    <OrderStatusBadge status={o.status} />
                  </span>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {f.money(o.total)}
              </Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={2} maw={220}>
                  {o.lines.map((l) => `${l.quantity}× ${l.sku}`).join(', ')}
                </Text>
              </Table.Td>
              <Table.Td style={instantStyle}>
                <Text size="sm" data-testid="order-paid">
                  {f.instant(o.paidAt, zone)}
                </Text>
              </Table.Td>
              <Table.Td style={instantStyle}>
                <Text size="sm" data-testid="order-ship-by">
                  {f.instant(o.shipBy, zone)}
                </Text>
              </Table.Td>
              <Table.Td>
                {o.shippedAt ? (
                  <Stack gap={0}>
                    <Text size="sm" style={instantStyle}>
                      {f.instant(o.shippedAt, zone)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[o.carrier, o.tracking].filter(Boolean).join(' · ')}
                    </Text>
                    <TikTokTrackingNote tracking={o.tiktokTracking} />
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {canOperate && (o.status === 'reserved' || o.status === 'pending') && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="default">
                        {t('common.actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {o.status === 'reserved' && (
                        <Menu.Item onClick={() => onShip(o)}>{t('orders.markShipped')}</Menu.Item>
                      )}
                      <Menu.Item color="red" onClick={() => void cancel(o)}>
                        {t('orders.cancel')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
                {canOperate && (o.status === 'shipped' || o.status === 'delivered') && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setReturning(o)}
                    data-testid="record-return"
                  >
                    {t('returns.action')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </ScrollTable>
      <ReturnModal order={returning} onClose={() => setReturning(null)} onDone={reload} />
    </ListCard>
  );
}

/** Whether TikTok Shop took the tracking of a shipped order; its refusal, in words, when it did not. */
function TikTokTrackingNote({ tracking }: { tracking: Order['tiktokTracking'] }) {
  const { t } = useTranslation();
  if (!tracking) return null;
  if (tracking.state !== 'refused')
    return (
      <Text size="xs" c="dimmed" data-testid="order-tiktok-tracking">
        {t(`orders.tiktokTracking.${tracking.state}`)}
      </Text>
    );
  return (
    <Tooltip
      multiline
      w={320}
      label={t('orders.tiktokTracking.refusedHint', { code: tracking.errorCode ?? '—' })}
    >
      <Text size="xs" c="red" data-testid="order-tiktok-tracking" style={{ maxWidth: 320 }}>
        {t('orders.tiktokTracking.refused', { error: tracking.error ?? tracking.errorCode ?? '' })}
      </Text>
    </Tooltip>
  );
}
