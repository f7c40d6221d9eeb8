import { Autocomplete, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Order } from '../apiModels';
import { requiredProblem, useFieldErrors } from '../fieldErrors';
import { useSubmit } from '../useSubmit';
import { FormActions } from './FormActions';

const carriers = [
  'Estafeta',
  'DHL Express',
  'FedEx',
  'UPS',
  'USPS',
  'Paquetexpress',
  '99minutos',
  'J&T Express',
  'iMile',
];

/** Mark one order shipped with its carrier and tracking number. */
export function ShipModal({
  order,
  onClose,
  onShipped,
}: {
  order: { id: string; externalId: string } | null;
  onClose: () => void;
  onShipped: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const fields = useFieldErrors(
    { carrier: t('orders.carrier'), tracking: t('orders.tracking') },
    { carrier: requiredProblem(carrier), tracking: requiredProblem(tracking) },
    submitted,
    error,
  );

  useEffect(() => {
    if (order) {
      setTracking('');
      setSubmitted(false);
      setError(null);
    }
  }, [order, setError]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!order || !fields.valid) return;
    void run(async () => {
      const result = await api.post<{ order: Order }>(`/orders/${encodeURIComponent(order.id)}/ship`, {
        carrier: carrier.trim(),
        tracking: tracking.trim(),
      });
      notifications.show({ color: 'teal', message: t('orders.shippedToast', { id: order.externalId }) });
      onShipped(result.order);
      onClose();
    });
  }

  return (
    <Modal opened={order !== null} onClose={onClose} title={t('orders.markShipped')} centered>
      <form onSubmit={submit} noValidate data-testid="ship-form">
        <Stack gap="sm">
          <Text size="sm">
            {t('orders.orderLabel')}
            <b>{order?.externalId}</b>
          </Text>
          <Autocomplete
            label={t('orders.carrier')}
            required
            data={carriers}
            value={carrier}
            onChange={setCarrier}
            error={fields.errors.carrier}
            data-testid="ship-carrier"
            data-autofocus
          />
          <TextInput
            label={t('orders.tracking')}
            required
            value={tracking}
            onChange={(e) => setTracking(e.currentTarget.value)}
            error={fields.errors.tracking}
            data-testid="ship-tracking"
          />
          <FormActions
            error={error}
            busy={busy}
            shown={fields.shown}
            onCancel={onClose}
            submitLabel={t('orders.markShipped')}
            submitTestId="ship-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
