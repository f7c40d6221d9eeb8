import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { SmtpSettings as SmtpView } from '../../apiModels';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice, errorText } from '../ErrorNotice';

interface Draft {
  host: string;
  port: number;
  username: string;
  password: string;
  from: string;
  starttls: boolean;
}
const empty: Draft = { host: '', port: 587, username: '', password: '', from: '', starttls: true };

/**
 * Settings → Notifications → SMTP (owners): the mail server e-mail alerts and digests go through.
 * PUENTE_SMTP_URL on the server wins over it, and the panel says so; the password goes in, is
 * stored encrypted and never comes back (left empty, the saved one is kept).
 */
export function SmtpSettings() {
  const { t } = useTranslation();
  const smtp = useResource<SmtpView>('/notify/smtp');
  const [draft, setDraft] = useState<Draft>(empty);
  const [testing, setTesting] = useState(false);
  const { busy, error, run } = useSubmit();
  useEffect(() => {
    const s = smtp.data?.settings;
    if (s) setDraft({ ...s, username: s.username ?? '', password: '' });
  }, [smtp.data]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const view = smtp.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await api.put('/notify/smtp', {
        host: draft.host.trim(),
        port: draft.port,
        username: draft.username.trim() || null,
        // Empty: keep the saved password.
        ...(draft.password ? { password: draft.password } : {}),
        from: draft.from.trim(),
        starttls: draft.starttls,
      });
      notifications.show({ color: 'teal', message: t('smtp.saved') });
      smtp.reload();
    });
  }

  async function sendTest() {
    setTesting(true);
    try {
      const r = await api.post<{ sent: boolean; to: string; error: string | null }>('/notify/smtp/test', {});
      notifications.show(
        r.sent
          ? { color: 'teal', message: t('smtp.testSent', { to: r.to }) }
          : { color: 'red', message: t('smtp.testFailed', { error: r.error ?? '' }) },
      );
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    } finally {
      setTesting(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="smtp-panel">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('smtp.hint')}
        </Text>
        {view && (
          <Badge variant="light" color={view.source === 'none' ? 'gray' : 'teal'} data-testid="smtp-source">
            {t(`smtp.source.${view.source}`)}
          </Badge>
        )}
      </Group>
      <ErrorNotice error={smtp.error} />
      {view?.environment.set && (
        <Alert variant="light" color="blue" p="xs" data-testid="smtp-env">
          <Text size="xs">
            {t('smtp.environmentWins', {
              origin: view.environment.origin ?? '',
              from: view.environment.from ?? '',
            })}
          </Text>
        </Alert>
      )}
      <Card withBorder radius="md" padding="lg">
        <form onSubmit={submit} data-testid="smtp-form">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('smtp.host')}
                required
                placeholder="smtp.example.com"
                value={draft.host}
                onChange={(e) => set('host', e.currentTarget.value)}
                data-testid="smtp-host"
              />
              <NumberInput
                label={t('smtp.port')}
                description={t('smtp.portHint')}
                required
                min={1}
                max={65535}
                allowDecimal={false}
                value={draft.port}
                onChange={(v) => set('port', Number(v) || 587)}
                data-testid="smtp-port"
              />
              <TextInput
                label={t('smtp.from')}
                required
                placeholder="Puente <alerts@example.com>"
                value={draft.from}
                onChange={(e) => set('from', e.currentTarget.value)}
                data-testid="smtp-from"
              />
              <TextInput
                label={t('smtp.username')}
                autoComplete="off"
                value={draft.username}
                onChange={(e) => set('username', e.currentTarget.value)}
                data-testid="smtp-username"
              />
              <PasswordInput
                label={t('smtp.password')}
                description={view?.settings?.hasPassword ? t('smtp.passwordKept') : t('smtp.passwordHint')}
                autoComplete="new-password"
                value={draft.password}
                onChange={(e) => set('password', e.currentTarget.value)}
                data-testid="smtp-password"
              />
              <Switch
                mt="lg"
                label={t('smtp.starttls')}
                description={t('smtp.starttlsHint')}
                checked={draft.starttls}
                onChange={(e) => set('starttls', e.currentTarget.checked)}
                data-testid="smtp-starttls"
              />
            </SimpleGrid>
            <ErrorNotice error={error} />
            <Group justify="flex-end">
              <Button
                variant="default"
                loading={testing}
                disabled={view?.source === 'none'}
                onClick={() => void sendTest()}
                data-testid="smtp-test"
              >
                {t('smtp.sendTest')}
              </Button>
              <Button type="submit" loading={busy} data-testid="smtp-save">
                {t('smtp.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
