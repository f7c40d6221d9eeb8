import { Button, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow as Row, Storefront, Warehouse, WarehouseZone } from '../apiModels';
import { instantStyle, useFormat } from '../format';
import { orderZone } from '../orderZone';
import { DispatchBadge, dispatchColor } from './badges';
import { Countdown, useLiveState } from './Countdown';
import { OrderRef } from './OrderRef';
import { shortfallText, WaitingOrderActions } from './WaitingOrderActions';

/** One order of the dispatch queue: a table row on a desk, a card on a phone. */
export interface RowProps {
  row: Row;
  skewMs: number;
  canOperate: boolean;
  onShip: (row: Row) => void;
  /** After an action on the row: the board reloads. */
  onChanged: () => void;
  storefronts: Storefront[];
  warehouses: Warehouse[];
  /** On the pick list selection. */
  selected: boolean;
  onSelect: (id: string, selected: boolean) => void;
}

/**
 * The row's box for the pick list selection. Memoized on its own props: a change of selection
 * re-renders the rows, and only the box that changed need follow.
 */
const SelectBox = memo(function SelectBox({
  id,
  externalId,
  selected,
  onSelect,
}: {
  id: string;
  externalId: string;
  selected: boolean;
  onSelect: RowProps['onSelect'];
}) {
  const { t } = useTranslation();
  return (
    <Checkbox
      checked={selected}
      onChange={(e) => onSelect(id, e.currentTarget.checked)}
      aria-label={t('pickList.selectOrder', { id: externalId })}
      data-testid="board-select"
    />
  );
});

/** SKU × quantity of each line, and the warehouse whose queue the order is in. */
function Lines({ row }: { row: Row }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0} data-testid="board-lines">
      {row.lines.map((l) => (
        <Text key={l.sku} size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
          {l.sku} ×{l.quantity}
        </Text>
      ))}
      <Text size="xs" c="dimmed" data-testid="board-warehouse-code">
        {row.warehouse ? `${t('common.warehouse')} ${row.warehouse.code}` : '—'}
      </Text>
    </Stack>
  );
}

/** The deadline the row is due by, in its warehouse's zone, and which deadline it is. */
function Deadline({ row, zone }: { row: Row; zone: WarehouseZone }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500} data-testid="deadline" style={instantStyle}>
        {f.instant(row.dueBy?.at, zone.timeZone)}
      </Text>
      {row.dueBy && (
        <Text size="xs" c="dimmed" data-testid="deadline-kind">
          {t(`dispatch.dueKind.${row.dueBy.kind}`)}
        </Text>
      )}
      {row.deadlineDisagreement && (
        <Text
          size="xs"
          c="orange.8"
          fw={500}
          data-testid="deadline-disagreement"
          title={t('dispatch.deadlinesDisagreeDetail', {
            marketplace: f.instant(row.deadlineDisagreement.marketplace, zone.timeZone),
            policy: f.instant(row.deadlineDisagreement.policy, zone.timeZone),
          })}
        >
          {t('dispatch.deadlinesDisagree')}
        </Text>
      )}
    </Stack>
  );
}

/** What a waiting order lacks, per SKU: "PT-TOY-005 ×3, 1 available". */
function Shortfalls({ row }: { row: Row }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (row.shortfalls.length === 0) return null;
  return (
    <Stack gap={0} data-testid="shortfalls">
      {row.shortfalls.map((s) => (
        <Text key={s.sku} size="xs" c="grape.8" fw={500} data-testid="shortfall">
          {shortfallText(t, f.number, s)}
        </Text>
      ))}
    </Stack>
  );
}

/** TikTok holds the order (ON_HOLD): its stock is reserved, but it may not ship until the hold ends. */
function OnHold({ row }: { row: Row }) {
  const { t } = useTranslation();
  if (row.status !== 'on_hold') return null;
  return (
    <Text size="xs" c="yellow.9" fw={600} title={t('orderStatus.on_hold')} data-testid="on-hold">
      {t('dispatch.onHold')}
    </Text>
  );
}

function RowAction(p: RowProps) {
  const { t } = useTranslation();
  if (!p.canOperate) return null;
  if (p.row.status === 'awaiting_stock')
    return (
      <WaitingOrderActions
        row={p.row}
        storefronts={p.storefronts}
        warehouses={p.warehouses}
        onDone={p.onChanged}
      />
    );
  return (
    <Button
      size="xs"
      style={{ flexShrink: 0 }}
      onClick={() => p.onShip(p.row)}
      disabled={p.row.status !== 'reserved'}
      data-testid="ship-button"
    >
      {t('orders.markShipped')}
    </Button>
  );
}

export function BoardTableRow(p: RowProps) {
  const f = useFormat();
  const { row } = p;
  const zone = orderZone(row, p.storefronts, p.warehouses);
  const due = row.dueBy?.at ?? '';
  const state = useLiveState(due, row.state, p.skewMs);
  const tint = state === 'on_time' ? undefined : `var(--mantine-color-${dispatchColor[state]}-0)`;
  return (
    <Table.Tr
      data-testid="board-row"
      data-external-id={row.externalId}
      data-state={state}
      style={{ background: tint }}
    >
      <Table.Td w={36}>
        <SelectBox id={p.row.id} externalId={p.row.externalId} selected={p.selected} onSelect={p.onSelect} />
      </Table.Td>
      <Table.Td>
        <OrderRef order={row} />
      </Table.Td>
      <Table.Td>
        <Lines row={row} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={instantStyle} data-testid="paid-at">
          {f.instant(row.paidAt, zone.timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Deadline row={row} zone={zone} />
      </Table.Td>
      <Table.Td>
        <Countdown shipBy={due} state={state} skewMs={p.skewMs} />
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <DispatchBadge state={state} />
          <OnHold row={row} />
          <Shortfalls row={row} />
        </Stack>
      </Table.Td>
      <Table.Td ta="right">
        <RowAction {...p} />
      </Table.Td>
    </Table.Tr>
  );
}

export function BoardCard(p: RowProps) {
  const { row } = p;
  const due = row.dueBy?.at ?? '';
  const state = useLiveState(due, row.state, p.skewMs);
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      data-testid="board-row"
      data-external-id={row.externalId}
      data-state={state}
      style={{ borderLeft: `4px solid var(--mantine-color-${dispatchColor[state]}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <SelectBox
            id={p.row.id}
            externalId={p.row.externalId}
            selected={p.selected}
            onSelect={p.onSelect}
          />
          <div>
            <OrderRef order={row} />
          </div>
        </Group>
        <DispatchBadge state={state} />
        <OnHold row={row} />
      </Group>
      <Group justify="space-between" mt="xs" wrap="nowrap" align="flex-start" gap="xs">
        <Lines row={row} />
        <Shortfalls row={row} />
      </Group>
      <Group justify="space-between" mt="xs" wrap="wrap" align="flex-end" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Deadline row={row} zone={orderZone(row, p.storefronts, p.warehouses)} />
          <Countdown shipBy={due} state={state} skewMs={p.skewMs} />
        </Stack>
        <RowAction {...p} />
      </Group>
    </Card>
  );
}
