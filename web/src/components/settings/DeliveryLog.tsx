import { SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyDelivery } from '../../apiModels';
import { instantStyle, useFormat } from '../../format';
import { useResource } from '../../useResource';
import { DeliveryStatus } from '../DeliveryStatus';
import { SettingsPanel } from './SettingsPanel';

const statusColor: Record<NotifyDelivery['status'], string> = {
  pending: 'yellow',
  sent: 'teal',
  failed: 'red',
};

/**
 * Settings → Notifications → the delivery log: every delivery, alerts' and morning digests'
 * alike, newest first, with its channel, status, attempts and last error.
 */
export function DeliveryLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const [only, setOnly] = useState<'all' | 'alerts' | 'digests'>('all');
  const log = useResource<{ items: NotifyDelivery[] }>('/notify/deliveries', {
    query: { limit: 100, only: only === 'all' ? undefined : only },
    events: ['alerts'],
  });
  const items = log.data?.items ?? [];
  return (
    <SettingsPanel
      hint={t('notify.logHint')}
      action={
        <SegmentedControl
          size="xs"
          value={only}
          onChange={(v) => setOnly(v as typeof only)}
          data={[
            { value: 'all', label: t('notify.logAll') },
            { value: 'alerts', label: t('notify.logAlerts') },
            { value: 'digests', label: t('notify.logDigests') },
          ]}
          data-testid="delivery-log-filter"
        />
      }
      error={log.error}
      minWidth={760}
      tableTestId="delivery-log"
      head={
        <>
          <Table.Th>{t('notify.logWhat')}</Table.Th>
          <Table.Th>{t('notify.channel')}</Table.Th>
          <Table.Th>{t('notify.deliveryTime')}</Table.Th>
          <Table.Th>{t('notify.deliveryStatus')}</Table.Th>
          <Table.Th>{t('notify.deliveryError')}</Table.Th>
        </>
      }
      footer={
        log.data &&
        items.length === 0 && (
          <Text c="dimmed" ta="center" py="md" size="sm">
            {t('notify.noLog')}
          </Text>
        )
      }
    >
      {items.map((d) => (
        <Table.Tr key={d.id} data-testid="log-row" data-reason={d.reason} data-status={d.status}>
          <Table.Td>
            {d.digest ? (
              <Text size="sm">
                {t('notify.digestOf', { warehouse: d.digest.warehouse, day: d.digest.day })}
              </Text>
            ) : (
              <Text size="sm">
                {t('notify.alertDelivery')}{' '}
                <Text span size="xs" c="dimmed">
                  ({t(`notify.reason.${d.reason}`)})
                </Text>
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {d.channelName} · {t(`notify.kinds.${d.channelKind}`, { defaultValue: d.channelKind })}
          </Table.Td>
          <Table.Td style={instantStyle}>{f.yourInstant(d.sentAt ?? d.createdAt)}</Table.Td>
          <Table.Td>
            <DeliveryStatus delivery={d} colors={statusColor} />
          </Table.Td>
          <Table.Td>
            <Text
              size="xs"
              c={d.lastError && d.status !== 'sent' ? 'red.7' : 'dimmed'}
              style={{ wordBreak: 'break-word' }}
            >
              {/* Sent with a note: nobody was left to write to (their own preferences). */}
              {d.status === 'sent' && d.lastError ? t('notify.noReader') : (d.lastError ?? '—')}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </SettingsPanel>
  );
}
