import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice';

/** The foot of a modal form: the error of its last submit, then Cancel and the submit button. */
export function FormActions({
  error,
  busy,
  onCancel,
  submitLabel,
  submitTestId,
  disabled,
  shown,
}: {
  error: unknown;
  /** Fields whose refusal the form shows in place, left out of the error notice. */
  shown?: readonly string[];
  busy: boolean;
  onCancel: () => void;
  submitLabel: ReactNode;
  submitTestId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorNotice error={error} shown={shown} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={busy} disabled={disabled} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
