import { Text } from '@mantine/core';

/** An order as the order lists name it: its external id, and its storefront under it. */
export function OrderRef({ order }: { order: { externalId: string; storefront: string } }) {
  return (
    <>
      <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {order.externalId}
      </Text>
      <Text size="xs" c="dimmed">
        {order.storefront}
      </Text>
    </>
  );
}
