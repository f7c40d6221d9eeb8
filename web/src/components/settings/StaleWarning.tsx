import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Someone else saved the record since this form read it (412): say so and offer to load theirs. */
export function StaleWarning({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('settings.staleTitle')} data-testid="stale-warning">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('settings.staleBody')}</Text>
        <Button size="xs" variant="white" color="orange" onClick={onReload} data-testid="stale-reload">
          {t('settings.reloadLatest')}
        </Button>
      </Stack>
    </Alert>
  );
}
