import { Alert, Button, Card, Group, MultiSelect, Select, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { MyNotifyPrefs } from '../../apiModels';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice } from '../ErrorNotice';

type Draft = Omit<MyNotifyPrefs, 'saved' | 'accountLanguage' | 'email'>;
type Kind = Draft['kinds'][number];
const alertKinds: Kind[] = [
  'oversell',
  'low_stock',
  'ship_by_at_risk',
  'ship_by_late',
  'listing_not_compliant',
  'sync_failure',
];
const severities = ['info', 'warning', 'critical'] as const;
const languageNames: Record<NonNullable<Draft['language']>, string> = {
  'zh-CN': '中文',
  en: 'English',
  'es-MX': 'Español',
};
const ACCOUNT = 'account';

/**
 * Settings → My notifications: what reaches the signed-in user by e-mail, for them alone. E-mail
 * channels sent to their role honour it; channels with fixed addresses and chat bots are the
 * owners' to set. Every user has it, viewers too.
 */
export function MyNotifications() {
  const { t } = useTranslation();
  const saved = useResource<MyNotifyPrefs>('/me/notifications');
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, error, run } = useSubmit();
  useEffect(() => {
    if (!saved.data) return;
    const { emailAlerts, kinds, severity, language, digest } = saved.data;
    setDraft({ emailAlerts, kinds, severity, language, digest });
  }, [saved.data]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => (d ? { ...d, [key]: value } : d));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    void run(async () => {
      await api.put('/me/notifications', draft);
      notifications.show({ color: 'teal', message: t('myNotify.saved') });
      saved.reload();
    });
  }

  const account = saved.data?.accountLanguage;
  return (
    <Stack gap="sm" maw={720}>
      <Text size="sm" c="dimmed">
        {t('myNotify.hint', { email: saved.data?.email ?? '' })}
      </Text>
      <ErrorNotice error={saved.error} />
      {draft && (
        <Card withBorder radius="md" padding="lg">
          <form onSubmit={submit} data-testid="my-notify-form">
            <Stack gap="md">
              <Switch
                label={t('myNotify.emailAlerts')}
                description={t('myNotify.emailAlertsHint')}
                checked={draft.emailAlerts}
                onChange={(e) => set('emailAlerts', e.currentTarget.checked)}
                data-testid="my-notify-alerts"
              />
              <MultiSelect
                label={t('notify.alertKinds')}
                description={t('myNotify.kindsHint')}
                placeholder={draft.kinds.length ? undefined : t('notify.everyKind')}
                disabled={!draft.emailAlerts}
                data={alertKinds.map((k) => ({ value: k, label: t(`alertKinds.${k}`) }))}
                value={draft.kinds}
                onChange={(v) => set('kinds', v as Kind[])}
                data-testid="my-notify-kinds"
              />
              <Group grow align="flex-start">
                <Select
                  label={t('notify.severity')}
                  clearable
                  disabled={!draft.emailAlerts}
                  placeholder={t('notify.any')}
                  data={severities.map((s) => ({
                    value: s,
                    label: t('notify.atLeast', { severity: t(`severity.${s}`) }),
                  }))}
                  value={draft.severity}
                  onChange={(v) => set('severity', v as Draft['severity'])}
                  data-testid="my-notify-severity"
                />
                <Select
                  label={t('myNotify.language')}
                  allowDeselect={false}
                  data={[
                    {
                      value: ACCOUNT,
                      label: account
                        ? t('myNotify.accountLanguage', { language: languageNames[account] })
                        : t('myNotify.channelLanguage'),
                    },
                    ...Object.entries(languageNames).map(([value, label]) => ({ value, label })),
                  ]}
                  value={draft.language ?? ACCOUNT}
                  onChange={(v) => set('language', v === ACCOUNT ? null : (v as Draft['language']))}
                  data-testid="my-notify-language"
                />
              </Group>
              <Switch
                label={t('myNotify.digest')}
                description={t('myNotify.digestHint')}
                checked={draft.digest}
                onChange={(e) => set('digest', e.currentTarget.checked)}
                data-testid="my-notify-digest"
              />
              {!saved.data?.saved && (
                <Alert variant="light" color="gray" p="xs">
                  <Text size="xs">{t('myNotify.defaults')}</Text>
                </Alert>
              )}
              <ErrorNotice error={error} />
              <Group justify="flex-end">
                <Button type="submit" loading={busy} data-testid="my-notify-save">
                  {t('myNotify.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
