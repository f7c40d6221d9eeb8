import { Alert, Button, Group, Menu, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { BoardRow, Order, RetryResult, Storefront, Warehouse } from '../apiModels';
import { useFormat } from '../format';
import { useSubmit } from '../useSubmit';
import { ErrorNotice, errorText } from './ErrorNotice';
import { FormActions } from './FormActions';

/**
 * What an operator can do with an order waiting for stock: try to reserve it now, reserve it from a
 * chosen warehouse of its storefront, or cancel it with a reason. Each answers in the user's
 * language (reserved, or still waiting and why) and `onDone` refreshes the board.
 */
export function WaitingOrderActions({
  row,
  storefronts,
  warehouses,
  onDone,
}: {
  row: BoardRow;
  storefronts: Storefront[];
  warehouses: Warehouse[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  async function retry() {
    setBusy(true);
    try {
      const result = await api.post<RetryResult>(`/orders/${encodeURIComponent(row.id)}/retry`, {});
      showOutcome(t, f.number, row.externalId, result);
      onDone();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
      onDone();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="light" color="grape" loading={busy} data-testid="waiting-actions">
            {t('common.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void retry()} data-testid="retry-now">
            {t('waiting.retry')}
          </Menu.Item>
          <Menu.Item onClick={() => setPicking(true)} data-testid="reserve-from">
            {t('waiting.reserveFrom')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => setCancelling(true)} data-testid="cancel-waiting">
            {t('orders.cancel')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ReserveFromModal
        row={picking ? row : null}
        storefronts={storefronts}
        warehouses={warehouses}
        onClose={() => setPicking(false)}
        onDone={onDone}
      />
      <CancelWaitingModal
        row={cancelling ? row : null}
        onClose={() => setCancelling(false)}
        onDone={onDone}
      />
    </>
  );
}

/** "Reserved", or "still waiting: PT-TOY-005 ×3, 1 available", as a notification. */
function showOutcome(t: TFunction, n: (x: number) => string, id: string, result: RetryResult) {
  if (result.outcome === 'reserved') {
    notifications.show({ color: 'teal', message: t('waiting.reserved', { id }) });
    return;
  }
  const reason = waitingReason(result.order);
  const why = reason?.shortfalls.length
    ? reason.shortfalls.map((s) => shortfallText(t, n, s)).join('; ')
    : t('waiting.noStock');
  notifications.show({
    color: 'grape',
    title: t('waiting.stillWaiting', { id }),
    message: reason?.splitWouldFill ? `${why}. ${t('waiting.splitWouldFill')}` : why,
  });
}

/** The shortfall of one SKU: "PT-TOY-005 ×3, 1 available". */
export function shortfallText(
  t: TFunction,
  n: (x: number) => string,
  s: { sku: string; wanted: number; available: number },
): string {
  return t('waiting.shortfall', { sku: s.sku, wanted: n(s.wanted), available: n(s.available) });
}

/**
 * Why an order waits: the API sends it as the JSON text the server stores (`Order.waitingReason`,
 * a string in the document), so its shape is stated here, where it is read.
 */
export interface WaitingReason {
  shortfalls: { sku: string; wanted: number; available: number }[];
  splitWouldFill: boolean;
}

/** The shortfall stored with a waiting order (JSON in `waitingReason`), or null. */
export function waitingReason(order: Pick<Order, 'waitingReason'>): WaitingReason | null {
  if (!order.waitingReason) return null;
  try {
    const parsed = JSON.parse(order.waitingReason) as Partial<WaitingReason>;
    return { shortfalls: parsed.shortfalls ?? [], splitWouldFill: parsed.splitWouldFill === true };
  } catch {
    return null;
  }
}

/** Pick one of the storefront's warehouses to reserve from; says whether the storefront splits. */
function ReserveFromModal({
  row,
  storefronts,
  warehouses,
  onClose,
  onDone,
}: {
  row: BoardRow | null;
  storefronts: Storefront[];
  warehouses: Warehouse[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [warehouse, setWarehouse] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const storefront = storefronts.find((s) => s.code === row?.storefront);
  const options = [...(storefront?.warehouses ?? [])]
    .sort((a, b) => a.priority - b.priority)
    .map((w) => {
      const name = warehouses.find((x) => x.code === w.code)?.name;
      return { value: w.code, label: name ? `${w.code} · ${name}` : w.code };
    });

  useEffect(() => {
    if (row) {
      setWarehouse(null);
      setError(null);
    }
  }, [row, setError]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!row || !warehouse) return;
    void run(async () => {
      const result = await api.post<RetryResult>(`/orders/${encodeURIComponent(row.id)}/retry`, {
        warehouse,
      });
      showOutcome(t, f.number, row.externalId, result);
      onDone();
      onClose();
    });
  }

  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('waiting.reserveFromTitle', { id: row?.externalId ?? '' })}
      centered
    >
      <form onSubmit={submit} data-testid="reserve-from-form">
        <Stack gap="sm">
          <Select
            label={t('common.warehouse')}
            required
            allowDeselect={false}
            data={options}
            value={warehouse}
            onChange={setWarehouse}
            data-testid="reserve-from-warehouse"
          />
          <Alert color={storefront?.allowSplit ? 'blue' : 'yellow'} variant="light" data-testid="split-note">
            {storefront?.allowSplit
              ? t('waiting.splits', { storefront: row?.storefront ?? '' })
              : t('waiting.noSplit', { storefront: row?.storefront ?? '' })}
          </Alert>
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            disabled={!warehouse}
            submitLabel={t('waiting.reserveSubmit')}
            submitTestId="reserve-from-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancel a waiting order: it holds no stock, so nothing is released; the reason goes to the audit log. */
function CancelWaitingModal({
  row,
  onClose,
  onDone,
}: {
  row: BoardRow | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    if (row) {
      setReason('');
      setError(null);
    }
  }, [row, setError]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!row) return;
    void run(async () => {
      await api.post(`/orders/${encodeURIComponent(row.id)}/cancel`, { reason: reason.trim() });
      notifications.show({ color: 'teal', message: t('orders.cancelledToast', { id: row.externalId }) });
      onDone();
      onClose();
    });
  }

  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('waiting.cancelTitle', { id: row?.externalId ?? '' })}
      centered
    >
      <form onSubmit={submit} data-testid="cancel-waiting-form">
        <Stack gap="sm">
          <Text size="sm">{t('waiting.cancelText')}</Text>
          <TextInput
            label={t('waiting.cancelReason')}
            placeholder={t('waiting.cancelReasonPlaceholder')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="cancel-reason"
            data-autofocus
          />
          <ErrorNotice error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('waiting.keepOrder')}
            </Button>
            <Button
              type="submit"
              color="red"
              loading={busy}
              disabled={!reason.trim()}
              data-testid="cancel-waiting-submit"
            >
              {t('orders.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
