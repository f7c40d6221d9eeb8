import { Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey } from '../api';
import type { StockChange, Warehouse } from '../apiModels';
import { useFormat } from '../format';
import { useSubmit } from '../useSubmit';
import { FormActions } from './FormActions';

export type StockChangeKind = 'receive' | 'adjust' | 'transfer';

/** Receive, adjust or transfer stock: one form, three shapes, one Idempotency-Key per submit. */
export function StockChangeModal({
  kind,
  opened,
  onClose,
  onDone,
  warehouses,
  initial,
}: {
  kind: StockChangeKind;
  opened: boolean;
  onClose: () => void;
  onDone: (change: StockChange) => void;
  warehouses: Warehouse[];
  initial?: { sku?: string; warehouse?: string };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [sku, setSku] = useState('');
  const [warehouse, setWarehouse] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    if (!opened) return;
    setSku(initial?.sku ?? '');
    setWarehouse(initial?.warehouse ?? warehouses[0]?.code ?? null);
    setTo(null);
    setQuantity('');
    setReason('');
    setError(null);
  }, [opened, initial?.sku, initial?.warehouse, warehouses, setError]);

  const options = warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const n = Number(quantity);
    const note = reason.trim() || undefined;
    void run(async () => {
      const headers = idempotencyKey();
      const change =
        kind === 'receive'
          ? await api.post<StockChange>(
              '/stock/receive',
              { sku: sku.trim(), warehouse, quantity: n, reason: note },
              headers,
            )
          : kind === 'adjust'
            ? await api.post<StockChange>(
                '/stock/adjust',
                { sku: sku.trim(), warehouse, delta: n, reason: note },
                headers,
              )
            : await api.post<StockChange>(
                '/stock/transfer',
                { sku: sku.trim(), from: warehouse, to, quantity: n, reason: note },
                headers,
              );
      notifications.show({
        color: 'teal',
        title: t(`stock.done.${kind}`),
        message: t('stock.doneMessage', {
          sku: change.level?.sku ?? sku,
          warehouse: change.level?.warehouse ?? warehouse,
          onHand: f.number(change.level?.onHand ?? 0),
          available: f.number(change.level?.available ?? 0),
        }),
      });
      onDone(change);
      onClose();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t(`stock.forms.${kind}`)} centered>
      <form onSubmit={submit} data-testid={`${kind}-form`}>
        <Stack gap="sm">
          <TextInput
            label={t('common.sku')}
            required
            value={sku}
            onChange={(e) => setSku(e.currentTarget.value)}
            data-testid="stock-sku"
            data-autofocus
          />
          <Select
            label={kind === 'transfer' ? t('stock.from') : t('common.warehouse')}
            required
            allowDeselect={false}
            data={options}
            value={warehouse}
            onChange={setWarehouse}
            data-testid="stock-warehouse"
          />
          {kind === 'transfer' && (
            <Select
              label={t('stock.to')}
              required
              allowDeselect={false}
              data={options.filter((o) => o.value !== warehouse)}
              value={to}
              onChange={setTo}
              data-testid="stock-to"
            />
          )}
          <NumberInput
            label={kind === 'adjust' ? t('stock.delta') : t('stock.quantity')}
            description={kind === 'adjust' ? t('stock.deltaHint') : undefined}
            required
            allowDecimal={false}
            allowNegative={kind === 'adjust'}
            min={kind === 'adjust' ? undefined : 1}
            value={quantity}
            onChange={setQuantity}
            data-testid="stock-quantity"
          />
          <TextInput
            label={t('stock.reason')}
            required={kind === 'adjust'}
            placeholder={t(`stock.reasonPlaceholder.${kind}`)}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="stock-reason"
          />
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t(`stock.submit.${kind}`)}
            submitTestId="stock-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
