import { Badge, Button, Card, Checkbox, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Board, BoardRow, BoardState, Overview, Storefront, Warehouse } from '../apiModels';
import { useFormat } from '../format';
import { usePagedList, useResource } from '../useResource';
import { BoardCard, BoardTableRow, type RowProps } from './BoardRow';
import { dispatchColor } from './badges';
import { ErrorNotice } from './ErrorNotice';
import { ListFooter } from './ListFooter';

const STATUSES = ['', 'reserved', 'awaiting_stock'] as const;
type StatusFilter = (typeof STATUSES)[number];

/**
 * Open orders by their first deadline: the queue a warehouse works through, live, a keyset page at
 * a time ("Load more"). Orders waiting for stock are their own state, with their shortfall and the
 * time left before the platform deadline; `?status=awaiting_stock` shows only them.
 */
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
  onShip: (row: BoardRow) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const warehouse = params.get('warehouse') ?? '';
  const status: StatusFilter = STATUSES.find((s) => s && s === params.get('status')) ?? '';
  const setFilter = (key: 'warehouse' | 'status', value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const board = usePagedList<BoardRow, Board>('/board', {
    query: { warehouse, status },
    events: ['board'],
    limit: 50,
  });
  const reload = board.reload;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  const phone = useMediaQuery('(max-width: 48em)');

  // The server's clock decides what is late; keep the browser's offset from it.
  const now = board.first?.now;
  const skewMs = useMemo(() => (now ? Date.parse(now) - Date.now() : 0), [now]);
  // The queue's totals, not the rows loaded so far: the overview's figures, counted in SQL.
  const figures = useResource<Overview>('/metrics/overview', { events: ['board', 'stock'] }).data;
  const today = figures?.shipToday.find((w) => w.warehouse === warehouse);
  const totals: [BoardState | 'today', number][] = !figures
    ? []
    : today
      ? [['today', today.count]]
      : [
          ['late', figures.late],
          ['at_risk', figures.atRisk],
          ['awaiting_stock', figures.awaitingStock.orders],
        ];
  // The orders chosen for a pick list; kept while the filters change, so a list can span warehouses.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const navigate = useNavigate();
  const select = useCallback(
    (id: string, on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const shownSelected = board.items.filter((r) => selected.has(r.id)).length;
  const allShown = board.items.length > 0 && shownSelected === board.items.length;
  const selectAllShown = (on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const r of board.items) {
        if (on) next.add(r.id);
        else next.delete(r.id);
      }
      return next;
    });
  const rowProps: Omit<RowProps, 'row' | 'selected'> = {
    skewMs,
    canOperate,
    onShip,
    onChanged: reload,
    storefronts,
    warehouses,
    onSelect: select,
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={warehouse}
            onChange={(v) => setFilter('warehouse', v)}
            data={[
              { value: '', label: t('common.allWarehouses') },
              ...warehouses.map((w) => ({ value: w.code, label: w.code })),
            ]}
            data-testid="board-warehouse"
          />
          <SegmentedControl
            size="xs"
            value={status}
            onChange={(v) => setFilter('status', v)}
            data={[
              { value: '', label: t('common.all') },
              { value: 'reserved', label: t('orderStatus.reserved') },
              { value: 'awaiting_stock', label: t('orderStatus.awaiting_stock') },
            ]}
            data-testid="board-status"
          />
        </Group>
        <Group gap={6} data-testid="board-counts">
          {totals.map(([key, n]) => (
            <Badge
              key={key}
              color={key === 'today' ? 'blue' : dispatchColor[key]}
              variant="light"
              data-testid={`board-count-${key}`}
            >
              {key === 'today' ? t('overview.shipToday', { warehouse }) : t(`dispatch.${key}`)}: {f.number(n)}
            </Badge>
          ))}
        </Group>
      </Group>
      {board.items.length > 0 && (
        <Group gap="sm" data-testid="pick-selection">
          <Checkbox
            label={t('pickList.selectAllShown')}
            checked={allShown}
            indeterminate={shownSelected > 0 && !allShown}
            onChange={(e) => selectAllShown(e.currentTarget.checked)}
            data-testid="board-select-all"
          />
          {selected.size > 0 && (
            <>
              <Text size="sm" c="dimmed" data-testid="pick-selected-count">
                {t('pickList.selected', { n: selected.size })}
              </Text>
              <Button
                size="xs"
                onClick={() => navigate('/pick-list', { state: { orderIds: [...selected] } })}
                data-testid="pick-list-button"
              >
                {t('pickList.open')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                {t('pickList.clear')}
              </Button>
            </>
          )}
        </Group>
      )}
      <ErrorNotice error={board.error} />
      {phone ? (
        <Stack gap="xs" data-testid="board">
          {board.items.map((row) => (
            <BoardCard key={row.id} row={row} selected={selected.has(row.id)} {...rowProps} />
          ))}
        </Stack>
      ) : (
        board.items.length > 0 && (
          <Card withBorder radius="md" padding={0}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="board">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('orders.order')}</Table.Th>
                  <Table.Th>{t('orders.lines')}</Table.Th>
                  <Table.Th>{t('orders.paidAt')}</Table.Th>
                  <Table.Th>{t('orders.dueBy')}</Table.Th>
                  <Table.Th>{t('orders.timeLeft')}</Table.Th>
                  <Table.Th>{t('orders.state')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {board.items.map((row) => (
                  <BoardTableRow key={row.id} row={row} selected={selected.has(row.id)} {...rowProps} />
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )
      )}
      <ListFooter list={board} empty={t('orders.boardEmpty')} loadMoreTestId="board-load-more" />
    </Stack>
  );
}
