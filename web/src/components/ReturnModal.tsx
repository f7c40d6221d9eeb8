import { Modal, NumberInput, Radio, Select, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey } from '../api';
import type { Order, Returnable } from '../apiModels';
import { useFormat } from '../format';
import { useResource } from '../useResource';
import { useSubmit } from '../useSubmit';
import { ErrorNotice } from './ErrorNotice';
import { FormActions } from './FormActions';

/**
 * Record units of a shipped order coming back: which SKU (of those it shipped), how many (1 to what
 * can still come back: a number outside that is refused where it is typed, never changed), and
 * whether they go back on hand or are written off as damaged.
 */
export function ReturnModal({
  order,
  onClose,
  onDone,
}: {
  order: Order | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const returnable = useResource<{ items: Returnable[] }>(
    order ? `/orders/${encodeURIComponent(order.id)}/returns` : null,
  );
  const [sku, setSku] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>('');
  const [condition, setCondition] = useState<'restock' | 'damaged'>('restock');
  const [touched, setTouched] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const items = order ? (returnable.data?.items ?? []) : [];
  const chosen = items.find((i) => i.sku === sku);
  const reloadReturnable = returnable.reload;

  useEffect(() => {
    if (!order) return;
    reloadReturnable(); // what came back since it was last opened
    setSku(order.lines.length === 1 ? (order.lines[0]?.sku ?? null) : null);
    setQuantity('');
    setCondition('restock');
    setTouched(false);
    setError(null);
  }, [order, setError, reloadReturnable]);

  const n = typeof quantity === 'number' ? quantity : Number(quantity);
  const valid = chosen !== undefined && quantity !== '' && Number.isInteger(n) && n >= 1 && n <= chosen.left;
  const rangeError =
    chosen && touched && quantity !== '' && !valid
      ? t('returns.outOfRange', {
          max: f.number(chosen.left),
          shipped: f.number(chosen.shipped),
          returned: f.number(chosen.returned),
        })
      : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!order || !chosen || !valid) return;
    void run(async () => {
      await api.post(
        `/orders/${encodeURIComponent(order.id)}/returns`,
        { sku: chosen.sku, quantity: n, restock: condition === 'restock' },
        idempotencyKey(),
      );
      notifications.show({
        color: 'teal',
        message: t(condition === 'restock' ? 'returns.doneRestock' : 'returns.doneDamaged', {
          n: f.number(n),
          sku: chosen.sku,
          id: order.externalId,
        }),
      });
      onDone();
      onClose();
    });
  }

  return (
    <Modal
      opened={order !== null}
      onClose={onClose}
      title={t('returns.title', { id: order?.externalId ?? '' })}
      centered
    >
      <ErrorNotice error={returnable.error} />
      {!returnable.data && !returnable.error && <Skeleton h={160} />}
      {returnable.data && (
        <form onSubmit={submit} data-testid="return-form">
          <Stack gap="sm">
            <Select
              label={t('common.sku')}
              required
              allowDeselect={false}
              data={items.map((i) => ({
                value: i.sku,
                label: t('returns.skuOption', {
                  sku: i.sku,
                  shipped: f.number(i.shipped),
                  left: f.number(i.left),
                }),
              }))}
              value={sku}
              onChange={setSku}
              data-testid="return-sku"
            />
            {chosen && chosen.left === 0 ? (
              <Text size="sm" c="dimmed" data-testid="return-none-left">
                {t('returns.noneLeft', { sku: chosen.sku, shipped: f.number(chosen.shipped) })}
              </Text>
            ) : (
              <NumberInput
                label={t('returns.quantity')}
                description={chosen ? t('returns.range', { max: f.number(chosen.left) }) : undefined}
                required
                // A sign or decimal point stays as typed and is refused, never stripped (-5 is not 5).
                allowDecimal
                allowNegative
                // Never clamped: a number outside the range is refused with the range, not changed.
                clampBehavior="none"
                value={quantity}
                onChange={setQuantity}
                onBlur={() => setTouched(true)}
                error={rangeError}
                disabled={!chosen}
                data-testid="return-quantity"
              />
            )}
            <Radio.Group
              label={t('returns.condition')}
              value={condition}
              onChange={(v) => setCondition(v === 'damaged' ? 'damaged' : 'restock')}
            >
              <Stack gap={6} mt={6}>
                <Radio value="restock" label={t('returns.restock')} data-testid="return-restock" />
                <Radio value="damaged" label={t('returns.damaged')} data-testid="return-damaged" />
              </Stack>
            </Radio.Group>
            <FormActions
              error={error}
              busy={busy}
              onCancel={onClose}
              disabled={!chosen || chosen.left === 0}
              submitLabel={t('returns.submit')}
              submitTestId="return-submit"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
