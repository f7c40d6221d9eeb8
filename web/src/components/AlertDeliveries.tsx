import { Anchor, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyDelivery } from '../apiModels';
import { instantStyle, useFormat } from '../format';
import { useResource } from '../useResource';
import { DeliveryStatus } from './DeliveryStatus';

const statusColor: Record<NotifyDelivery['status'], string> = {
  pending: 'gray',
  sent: 'teal',
  failed: 'red',
};

/**
 * Where an alert was sent: one line per delivery with the channel, when (in the reader's zone,
 * named), how it went and why it failed. Folded until asked for; loaded only then.
 */
export function AlertDeliveries({ alertId }: { alertId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Anchor
        component="button"
        type="button"
        size="xs"
        w="fit-content"
        onClick={() => setOpen((o) => !o)}
        data-testid="alert-deliveries-toggle"
      >
        {t('notify.deliveries')} {open ? '▴' : '▾'}
      </Anchor>
      {open && <DeliveryLog alertId={alertId} />}
    </>
  );
}

function DeliveryLog({ alertId }: { alertId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const log = useResource<{ items: NotifyDelivery[] }>(`/alerts/${encodeURIComponent(alertId)}/deliveries`, {
    events: ['alerts'],
  });
  const items = log.data?.items ?? [];
  if (log.data && items.length === 0)
    return (
      <Text size="xs" c="dimmed" data-testid="alert-deliveries-empty">
        {t('notify.noDeliveries')}
      </Text>
    );
  return (
    <Table withTableBorder fz="xs" verticalSpacing={4} data-testid="alert-deliveries">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('notify.channel')}</Table.Th>
          <Table.Th>{t('notify.deliveryTime')}</Table.Th>
          <Table.Th>{t('notify.deliveryStatus')}</Table.Th>
          <Table.Th>{t('notify.deliveryError')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((d) => (
          <Table.Tr key={d.id} data-testid="delivery-row" data-status={d.status}>
            <Table.Td>
              {d.channelName} · {t(`notify.kinds.${d.channelKind}`, { defaultValue: d.channelKind })}
              <Text span size="xs" c="dimmed">
                {' '}
                ({t(`notify.reason.${d.reason}`)})
              </Text>
            </Table.Td>
            <Table.Td style={instantStyle}>{f.yourInstant(d.sentAt ?? d.createdAt)}</Table.Td>
            <Table.Td>
              <DeliveryStatus delivery={d} colors={statusColor} />
            </Table.Td>
            <Table.Td>
              <Text size="xs" c={d.lastError ? 'red.7' : 'dimmed'} style={{ wordBreak: 'break-word' }}>
                {d.lastError ?? '—'}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
