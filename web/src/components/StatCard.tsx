import { Card, type MantineColor, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function StatCard({
  label,
  value,
  hint,
  color,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  color?: MantineColor;
  testId?: string;
}) {
  return (
    <Card withBorder padding="md" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} lineClamp={1}>
        {label}
      </Text>
      <Text fz={30} fw={700} c={color} lh={1.3} data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {hint}
        </Text>
      )}
    </Card>
  );
}
