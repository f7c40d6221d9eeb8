import { Center, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { BridgeIcon } from './icons';
import { LanguageSwitcher } from './LanguageSwitcher';

/**
 * The frame of the pages a signed-out visitor sees (sign-in, choosing a password from a reset
 * link): the name and the language switcher above a narrow column.
 */
export function SignedOutFrame({ width, children }: { width: number; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w="100%" maw={width} gap="md">
        <Group justify="space-between">
          <Group gap={6} c="indigo.7">
            <BridgeIcon />
            <Text fw={700} size="xl">
              Puente
            </Text>
          </Group>
          <LanguageSwitcher />
        </Group>
        {children}
      </Stack>
    </Center>
  );
}
