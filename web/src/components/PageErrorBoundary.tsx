import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page that failed to show — most often its code could not be loaded (each page is a chunk of
 * its own, and a dropped connection fails the import) — says so with a Reload button, instead of
 * blanking the whole dashboard. `resetKey` (the path) clears the failure when the person goes to
 * another page.
 */
export class PageErrorBoundary extends Component<
  { resetKey: string; children: ReactNode },
  { error: Error | null; key: string }
> {
  state: { error: Error | null; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  render() {
    if (this.state.error) return <PageFailed error={this.state.error} />;
    return this.props.children;
  }
}

function PageFailed({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={t('shell.pageFailed')} data-testid="page-failed">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('shell.pageFailedHint')}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {error.message}
        </Text>
        <Button size="xs" onClick={() => window.location.reload()} data-testid="page-reload">
          {t('shell.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
