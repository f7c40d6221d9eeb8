import { Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey } from '../api';
import type { StockChange, Warehouse } from '../apiModels';
import { numberProblem, numberRules, requiredProblem, useFieldErrors } from '../fieldErrors';
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
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    if (!opened) return;
    setSku(initial?.sku ?? '');
    setWarehouse(initial?.warehouse ?? warehouses[0]?.code ?? null);
    setTo(null);
    setQuantity('');
    setReason('');
    setSubmitted(false);
    setError(null);
  }, [opened, initial?.sku, initial?.warehouse, warehouses, setError]);

  const options = warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }));

  // The number as typed is judged against the API's own rule: "-50", "2.5" and "99999999999999" are
  // refused here with the range, never turned into 50, 2 or the maximum.
  const amountField = kind === 'adjust' ? 'delta' : 'quantity';
  const amountLabel = kind === 'adjust' ? t('stock.delta') : t('stock.quantity');
  const warehouseField = kind === 'transfer' ? 'from' : 'warehouse';
  const warehouseLabel = kind === 'transfer' ? t('stock.from') : t('common.warehouse');
  const fields = useFieldErrors(
    {
      sku: t('common.sku'),
      [warehouseField]: warehouseLabel,
      ...(kind === 'transfer' ? { to: t('stock.to') } : {}),
      [amountField]: amountLabel,
      reason: t('stock.reason'),
    },
    {
      sku: requiredProblem(sku),
      [warehouseField]: requiredProblem(warehouse),
      ...(kind === 'transfer' ? { to: requiredProblem(to) } : {}),
      [amountField]: numberProblem(
        quantity,
        kind === 'adjust' ? numberRules.stockDelta : numberRules.movementQuantity,
      ),
      reason: kind === 'adjust' ? requiredProblem(reason) : null,
    },
    submitted,
    error,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!fields.valid) return;
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
      <form onSubmit={submit} noValidate data-testid={`${kind}-form`}>
        <Stack gap="sm">
          <TextInput
            label={t('common.sku')}
            required
            value={sku}
            onChange={(e) => setSku(e.currentTarget.value)}
            error={fields.errors.sku}
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
            error={fields.errors[warehouseField]}
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
              error={fields.errors.to}
              data-testid="stock-to"
            />
          )}
          <NumberInput
            label={amountLabel}
            description={kind === 'adjust' ? t('stock.deltaHint') : undefined}
            required
            // What was typed stays as typed (a sign, a decimal point, a number past the range) and
            // is refused below the field: Mantine would otherwise strip or clamp it.
            allowDecimal
            allowNegative
            clampBehavior="none"
            value={quantity}
            onChange={setQuantity}
            error={fields.errors[amountField]}
            data-testid="stock-quantity"
          />
          <TextInput
            label={t('stock.reason')}
            required={kind === 'adjust'}
            placeholder={t(`stock.reasonPlaceholder.${kind}`)}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.errors.reason}
            data-testid="stock-reason"
          />
          <FormActions
            error={error}
            busy={busy}
            shown={fields.shown}
            onCancel={onClose}
            submitLabel={t(`stock.submit.${kind}`)}
            submitTestId="stock-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
