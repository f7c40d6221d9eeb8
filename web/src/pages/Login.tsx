import { Alert, Button, Code, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { errorText } from '../components/ErrorNotice';
import { SignedOutFrame } from '../components/SignedOutFrame';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const retryAfter =
    error instanceof ApiError && error.code === 'RATE_LIMITED'
      ? Number(
          (error.details as { retryAfterSeconds?: number; retryAfter?: number } | null)?.retryAfterSeconds ??
            (error.details as { retryAfter?: number } | null)?.retryAfter,
        )
      : Number.NaN;

  return (
    <SignedOutFrame width={400}>
      <Paper
        withBorder
        shadow="sm"
        p="xl"
        radius="md"
        component="form"
        onSubmit={submit}
        data-testid="login-form"
      >
        <Stack>
          <div>
            <Title order={3}>{t('login.title')}</Title>
            <Text c="dimmed" size="sm">
              {t('login.subtitle')}
            </Text>
          </div>
          {error !== null && (
            <Alert color="red" variant="light" data-testid="login-error">
              {errorText(t, error)}
              {Number.isFinite(retryAfter) && ` ${t('login.retryAfter', { seconds: retryAfter })}`}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-testid="login-email"
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
          <Button type="submit" loading={busy} fullWidth data-testid="login-submit">
            {t('login.submit')}
          </Button>
          {/* No e-mail leaves a local install: recovery goes through an owner or the server's shell. */}
          <Stack gap={4} data-testid="login-recovery">
            <Text size="xs" c="dimmed">
              {t('login.forgot')}
            </Text>
            <Code block fz="xs">
              {t('login.forgotCommand')}
            </Code>
          </Stack>
        </Stack>
      </Paper>
      <Text size="xs" c="dimmed" ta="center">
        {t('login.footer')}
      </Text>
    </SignedOutFrame>
  );
}
