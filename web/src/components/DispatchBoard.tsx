import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Board,
  BoardItem,
  BoardRow as BoardRowData,
  Storefront,
  Warehouse,
  WarehouseZone,
} from '../apiTypes';
import { instantStyle, useFormat } from '../format';
import { orderZone } from '../orderZone';
import { useSecondClock } from '../useNow';
import { useResource } from '../useResource';
import { DispatchBadge, dispatchColor } from './badges';
import { Countdown, liveState } from './Countdown';
import { ErrorNotice } from './ErrorNotice';
import { OrderRef } from './OrderRef';

/** Open orders by ship-by: the queue a warehouse works through, live. */
export function DispatchBoard({
  refresh,
  canOperate,
  warehouses,
  storefronts,
  onShip,
}: {
  refresh: number;
  canOperate: boolean;
  warehouses: Warehouse[];
  storefronts: Storefront[];
  onShip: (item: BoardItem) => void;
}) {
  const { t } = useTranslation();
  const [warehouse, setWarehouse] = useState('');
  // The first page of the board (it pages now); the rest of the queue is a later change.
  const board = useResource<Board>('/board', { query: { warehouse, limit: '500' }, events: ['board'] });
  const reload = board.reload;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  const phone = useMediaQuery('(max-width: 48em)');
  const clock = useSecondClock();

  // The server's clock decides what is late; keep the browser's offset from it.
  const skewMs = useMemo(() => (board.data ? Date.parse(board.data.now) - Date.now() : 0), [board.data]);
  const items = useMemo(() => (board.data?.items ?? []).map(toItem), [board.data]);
  const counts = items.reduce(
    (acc, i) => {
      acc[liveState(i.shipBy, i.state, clock + skewMs)] += 1;
      return acc;
    },
    { on_time: 0, at_risk: 0, late: 0 },
  );
  // Each row's times read in its queue warehouse's zone.
  const zoneOf = (item: BoardItem) => orderZone(item, storefronts, warehouses);
  const rowProps = { skewMs, clock, canOperate, onShip, zoneOf };

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          value={warehouse}
          onChange={setWarehouse}
          data={[
            { value: '', label: t('common.allWarehouses') },
            ...warehouses.map((w) => ({ value: w.code, label: w.code })),
          ]}
          data-testid="board-warehouse"
        />
        <Group gap={6}>
          <Badge color="red" variant="light">
            {t('dispatch.late')}: {counts.late}
          </Badge>
          <Badge color="orange" variant="light">
            {t('dispatch.at_risk')}: {counts.at_risk}
          </Badge>
          <Badge color="teal" variant="light">
            {t('dispatch.on_time')}: {counts.on_time}
          </Badge>
        </Group>
      </Group>
      <ErrorNotice error={board.error} />
      {board.data && items.length === 0 && (
        <Text c="dimmed" ta="center" py="xl" data-testid="board-empty">
          {t('orders.boardEmpty')}
        </Text>
      )}
      {phone ? (
        <Stack gap="xs" data-testid="board">
          {items.map((item) => (
            <BoardCard key={item.id} item={item} {...rowProps} />
          ))}
        </Stack>
      ) : (
        items.length > 0 && (
          <Card withBorder radius="md" padding={0}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="board">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.order')}</Table.Th>
                  <Table.Th>{t('orders.paidAt')}</Table.Th>
                  <Table.Th>{t('orders.shipBy')}</Table.Th>
                  <Table.Th>{t('orders.timeLeft')}</Table.Th>
                  <Table.Th>{t('orders.state')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <BoardRow key={item.id} item={item} {...rowProps} />
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )
      )}
    </Stack>
  );
}

/** A row waiting for stock is never on time: until the board draws that state, it shows at risk. */
function toItem(row: BoardRowData): BoardItem {
  return {
    ...row,
    shipBy: row.dueBy?.at ?? row.shipBy ?? '',
    state: row.state === 'awaiting_stock' ? 'at_risk' : row.state,
    warehouses: row.warehouse ? [row.warehouse] : [],
  };
}

interface RowProps {
  item: BoardItem;
  skewMs: number;
  clock: number;
  canOperate: boolean;
  onShip: (item: BoardItem) => void;
  zoneOf: (item: BoardItem) => WarehouseZone;
}

function Deadline({ item, zone }: { item: BoardItem; zone: WarehouseZone }) {
  const f = useFormat();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500} data-testid="deadline" style={instantStyle}>
        {f.instant(item.shipBy, zone.timeZone)}
      </Text>
      <Text size="xs" c="dimmed">
        {zone.code}
      </Text>
    </Stack>
  );
}

function ShipButton({ item, onShip }: { item: BoardItem; onShip: (item: BoardItem) => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="xs"
      style={{ flexShrink: 0 }}
      onClick={() => onShip(item)}
      disabled={item.status !== 'reserved'}
      data-testid="ship-button"
    >
      {t('orders.markShipped')}
    </Button>
  );
}

function BoardRow({ item, skewMs, clock, canOperate, onShip, zoneOf }: RowProps) {
  const f = useFormat();
  const zone = zoneOf(item);
  const state = liveState(item.shipBy, item.state, clock + skewMs);
  const tint = state === 'on_time' ? undefined : `var(--mantine-color-${dispatchColor[state]}-0)`;
  return (
    <Table.Tr
      data-testid="board-row"
      data-external-id={item.externalId}
      data-state={state}
      style={{ background: tint }}
    >
      <Table.Td>
        <OrderRef order={item} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={instantStyle} data-testid="paid-at">
          {f.instant(item.paidAt, zone.timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Deadline item={item} zone={zone} />
      </Table.Td>
      <Table.Td>
        <Countdown shipBy={item.shipBy} state={state} skewMs={skewMs} />
      </Table.Td>
      <Table.Td>
        <DispatchBadge state={state} />
      </Table.Td>
      <Table.Td ta="right">{canOperate && <ShipButton item={item} onShip={onShip} />}</Table.Td>
    </Table.Tr>
  );
}

function BoardCard({ item, skewMs, clock, canOperate, onShip, zoneOf }: RowProps) {
  const state = liveState(item.shipBy, item.state, clock + skewMs);
  const border =
    state === 'on_time' ? 'var(--mantine-color-teal-5)' : `var(--mantine-color-${dispatchColor[state]}-6)`;
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      data-testid="board-row"
      data-external-id={item.externalId}
      data-state={state}
      style={{ borderLeft: `4px solid ${border}` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <OrderRef order={item} />
        </div>
        <DispatchBadge state={state} />
      </Group>
      <Group justify="space-between" mt="xs" wrap="wrap" align="flex-end" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Deadline item={item} zone={zoneOf(item)} />
          <Countdown shipBy={item.shipBy} state={state} skewMs={skewMs} />
        </Stack>
        {canOperate && <ShipButton item={item} onShip={onShip} />}
      </Group>
    </Card>
  );
}
