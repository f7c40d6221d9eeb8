import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A secret (webhook secret, API token, password-reset link) shown once, with a copy button. */
export function SecretOnceModal({
  title,
  secret,
  hint,
  onClose,
}: {
  title: string;
  secret: string | null;
  /** What to do with it, under the warning (e.g. whom to hand a reset link to, and until when). */
  hint?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={title}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack gap="sm">
        <Alert color="yellow" variant="light">
          {t('settings.secretOnce')}
        </Alert>
        {hint && (
          <Text size="sm" data-testid="secret-hint">
            {hint}
          </Text>
        )}
        <Code block data-testid="secret-value" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : undefined} onClick={copy} data-testid="copy-secret">
                {copied ? t('settings.copied') : t('settings.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose} data-testid="secret-done">
            {t('settings.doneCopying')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
