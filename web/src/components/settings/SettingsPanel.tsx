import { Card, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNotice } from '../ErrorNotice';
import { ScrollTable } from '../ScrollTable';

/**
 * One settings tab: a hint with an optional action beside it, the list's error, and the list as a
 * table in a card (`head` its header cells, the rows as children, `footer` below the table).
 */
export function SettingsPanel({
  hint,
  action,
  error,
  minWidth,
  tableTestId,
  head,
  children,
  footer,
}: {
  hint: ReactNode;
  action?: ReactNode;
  error: unknown;
  minWidth: number;
  tableTestId: string;
  head: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
        {action}
      </Group>
      <ErrorNotice error={error} />
      <Card withBorder radius="md" padding={0}>
        <ScrollTable minWidth={minWidth} verticalSpacing="sm" data-testid={tableTestId} head={head}>
          {children}
        </ScrollTable>
        {footer}
      </Card>
    </Stack>
  );
}
