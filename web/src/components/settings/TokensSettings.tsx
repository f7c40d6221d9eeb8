import { Badge, Button, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { ApiToken } from '../../apiModels';
import { instantStyle, useFormat } from '../../format';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { modals } from '../confirm';
import { errorText } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { SecretOnceModal } from './SecretOnceModal';
import { SettingsPanel } from './SettingsPanel';

const scopes = ['read', 'write', 'admin'] as const;

export function TokensSettings() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useResource<{ items: ApiToken[] }>('/tokens');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  async function revoke(token: ApiToken) {
    if (!(await modals.confirm(t('settings.revokeConfirm', { name: token.name })))) return;
    try {
      await api.delete(`/tokens/${encodeURIComponent(token.id)}`);
      notifications.show({ color: 'teal', message: t('settings.revoked') });
      list.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  return (
    <>
      <SettingsPanel
        hint={t('settings.tokensHint')}
        action={
          <Button size="xs" onClick={() => setCreating(true)} data-testid="token-create">
            {t('settings.createToken')}
          </Button>
        }
        error={list.error}
        minWidth={720}
        tableTestId="tokens-table"
        head={
          <>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.scope')}</Table.Th>
            <Table.Th>{t('settings.prefix')}</Table.Th>
            <Table.Th>{t('time.inYourTime', { text: t('settings.created') })}</Table.Th>
            <Table.Th>{t('settings.lastUsed')}</Table.Th>
            <Table.Th />
          </>
        }
        footer={
          list.data &&
          list.data.items.length === 0 && (
            <Text c="dimmed" ta="center" py="md">
              {t('settings.noTokens')}
            </Text>
          )
        }
      >
        {(list.data?.items ?? []).map((tk) => (
          <Table.Tr
            key={tk.id}
            data-testid="token-row"
            data-name={tk.name}
            data-revoked={tk.revokedAt !== null}
            style={tk.revokedAt ? { opacity: 0.55 } : undefined}
          >
            <Table.Td>{tk.name}</Table.Td>
            <Table.Td>
              <Badge
                variant="light"
                color={tk.scope === 'admin' ? 'red' : tk.scope === 'write' ? 'orange' : 'blue'}
              >
                {t(`settings.scopes.${tk.scope}`)}
              </Badge>
            </Table.Td>
            <Table.Td ff="monospace" data-testid="token-prefix">
              {tk.prefix}…
            </Table.Td>
            <Table.Td style={instantStyle}>{f.yourInstant(tk.createdAt)}</Table.Td>
            <Table.Td
              title={tk.lastUsedAt ? t('time.inYourTime', { text: f.yourInstant(tk.lastUsedAt) }) : undefined}
            >
              {tk.lastUsedAt ? f.relative(tk.lastUsedAt) : t('settings.never')}
            </Table.Td>
            <Table.Td ta="right">
              {tk.revokedAt ? (
                <Badge color="gray" data-testid="token-revoked">
                  {t('settings.revokedAt', {
                    date: t('time.inYourTime', { text: f.yourInstant(tk.revokedAt) }),
                  })}
                </Badge>
              ) : (
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  onClick={() => void revoke(tk)}
                  data-testid="token-revoke"
                >
                  {t('settings.revoke')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </SettingsPanel>
      <CreateTokenModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setSecret(token);
          list.reload();
        }}
      />
      <SecretOnceModal title={t('settings.newToken')} secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

function CreateTokenModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (token: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<(typeof scopes)[number]>('read');
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const r = await api.post<{ token: string }>('/tokens', { name: name.trim(), scope });
      setName('');
      onCreated(r.token);
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('settings.createToken')} centered>
      <form onSubmit={submit} data-testid="token-form">
        <Stack gap="sm">
          <TextInput
            label={t('settings.name')}
            placeholder={t('settings.tokenNamePlaceholder')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="token-name"
            data-autofocus
          />
          <Select
            label={t('settings.scope')}
            allowDeselect={false}
            data={scopes.map((s) => ({ value: s, label: t(`settings.scopes.${s}`) }))}
            value={scope}
            onChange={(v) => v && setScope(v as (typeof scopes)[number])}
            description={t(`settings.scopeHints.${scope}`)}
            data-testid="token-scope"
          />
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t('settings.createToken')}
            submitTestId="token-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
