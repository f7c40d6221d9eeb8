import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NotifyDelivery } from '../apiModels';

/**
 * How a delivery went: its status as a badge, and the attempts once there was more than one. The
 * alert's own list and Settings' delivery log show it alike; each passes its badge colours.
 */
export function DeliveryStatus({
  delivery,
  colors,
}: {
  delivery: Pick<NotifyDelivery, 'status' | 'attempts'>;
  colors: Record<NotifyDelivery['status'], string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Badge size="xs" variant="light" color={colors[delivery.status]}>
        {t(`notify.status.${delivery.status}`)}
      </Badge>{' '}
      {delivery.attempts > 1 && (
        <Text span size="xs" c="dimmed">
          {t('notify.attempts', { n: delivery.attempts })}
        </Text>
      )}
    </>
  );
}
