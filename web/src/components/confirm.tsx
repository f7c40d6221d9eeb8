import { Button, Group, Modal, Text } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/** "Are you sure?" as a promise: `await modals.confirm(text)`; <ConfirmHost/> draws it. */
interface Pending {
  message: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

let pending: Pending | null = null;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

export const modals = {
  confirm(message: string, options: { danger?: boolean } = {}): Promise<boolean> {
    pending?.resolve(false);
    return new Promise((resolve) => {
      pending = { message, danger: options.danger ?? true, resolve };
      emit();
    });
  },
};

function settle(ok: boolean) {
  const p = pending;
  pending = null;
  emit();
  p?.resolve(ok);
}

export function ConfirmHost() {
  const { t } = useTranslation();
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending,
  );
  return (
    <Modal
      opened={current !== null}
      onClose={() => settle(false)}
      title={t('common.confirmTitle')}
      centered
      size="sm"
    >
      <Text size="sm">{current?.message}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => settle(false)}>
          {t('common.cancel')}
        </Button>
        <Button
          color={current?.danger ? 'red' : undefined}
          onClick={() => settle(true)}
          data-testid="confirm-ok"
        >
          {t('common.confirm')}
        </Button>
      </Group>
    </Modal>
  );
}
