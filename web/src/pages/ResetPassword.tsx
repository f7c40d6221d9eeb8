import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { UiLanguage } from '../apiModels';
import { ErrorNotice } from '../components/ErrorNotice';
import { SignedOutFrame } from '../components/SignedOutFrame';
import { changeLanguage } from '../i18n';
import { useSubmit } from '../useSubmit';

const languages: UiLanguage[] = ['zh-CN', 'en', 'es-MX'];

/**
 * The page a one-time reset link opens (`/reset-password#token=…&lang=…`). The secret is in the
 * fragment, which the browser never sends to the server; it is read once and taken out of the
 * address bar. The page speaks the language saved with the account, which the link carries.
 */
function readLink(): { token: string; lang: UiLanguage | null } {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const lang = params.get('lang') as UiLanguage | null;
  return { token: params.get('token') ?? '', lang: lang && languages.includes(lang) ? lang : null };
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [link] = useState(readLink);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    if (link.lang) void changeLanguage(link.lang);
    window.history.replaceState(null, '', window.location.pathname);
  }, [link.lang]);

  const mismatch = repeat !== '' && repeat !== password;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    void run(async () => {
      const { email } = await api.post<{ email: string }>('/auth/password-reset', {
        token: link.token,
        password,
      });
      setDone(email);
    });
  }

  return (
    <SignedOutFrame width={420}>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        {done ? (
          <Stack data-testid="reset-done">
            <Title order={3}>{t('resetPassword.doneTitle')}</Title>
            <Text size="sm">{t('resetPassword.doneBody', { email: done })}</Text>
            {/* A full load: the session this browser had may have just ended. */}
            <Button component="a" href="/login" data-testid="reset-to-login">
              {t('login.submit')}
            </Button>
          </Stack>
        ) : !link.token ? (
          <Alert color="red" variant="light" data-testid="reset-no-token">
            {t('resetPassword.noToken')}
          </Alert>
        ) : (
          <form onSubmit={submit} data-testid="reset-form">
            <Stack>
              <div>
                <Title order={3}>{t('resetPassword.title')}</Title>
                <Text c="dimmed" size="sm">
                  {t('resetPassword.subtitle')}
                </Text>
              </div>
              <ErrorNotice error={error} />
              <PasswordInput
                label={t('resetPassword.newPassword')}
                description={t('resetPassword.rule')}
                autoComplete="new-password"
                required
                minLength={10}
                maxLength={200}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="reset-password"
                data-autofocus
              />
              <PasswordInput
                label={t('resetPassword.repeat')}
                autoComplete="new-password"
                required
                value={repeat}
                onChange={(e) => setRepeat(e.currentTarget.value)}
                error={mismatch ? t('resetPassword.mismatch') : null}
                data-testid="reset-repeat"
              />
              <Button type="submit" loading={busy} disabled={mismatch} fullWidth data-testid="reset-submit">
                {t('resetPassword.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </SignedOutFrame>
  );
}
