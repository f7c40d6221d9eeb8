import { Autocomplete, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Order } from '../apiTypes';
import { ErrorNotice } from './ErrorNotice';

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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (order) {
      setTracking('');
      setError(null);
    }
  }, [order]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!order) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ order: Order }>(`/orders/${encodeURIComponent(order.id)}/ship`, {
        carrier: carrier.trim(),
        tracking: tracking.trim(),
      });
      notifications.show({ color: 'teal', message: t('orders.shippedToast', { id: order.externalId }) });
      onShipped(result.order);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={order !== null} onClose={onClose} title={t('orders.markShipped')} centered>
      <form onSubmit={submit} data-testid="ship-form">
        <Stack gap="sm">
          <Text size="sm">
            {t('orders.order')}: <b>{order?.externalId}</b>
          </Text>
          <Autocomplete
            label={t('orders.carrier')}
            required
            data={carriers}
            value={carrier}
            onChange={setCarrier}
            data-testid="ship-carrier"
            data-autofocus
          />
          <TextInput
            label={t('orders.tracking')}
            required
            value={tracking}
            onChange={(e) => setTracking(e.currentTarget.value)}
            data-testid="ship-tracking"
          />
          <ErrorNotice error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="ship-submit">
              {t('orders.markShipped')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
