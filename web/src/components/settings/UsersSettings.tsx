import { Badge, Button, Modal, PasswordInput, Select, Stack, Switch, Table, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { Role, User } from '../../apiModels';
import { useMe } from '../../auth';
import { instantStyle, useFormat } from '../../format';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { modals } from '../confirm';
import { errorText } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { SecretOnceModal } from './SecretOnceModal';
import { SettingsPanel } from './SettingsPanel';

const roles: Role[] = ['owner', 'operator', 'viewer'];

export function UsersSettings() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const list = useResource<{ items: User[] }>('/users');
  const [adding, setAdding] = useState(false);
  const [resetLink, setResetLink] = useState<{ link: string; email: string; expiresAt: string } | null>(null);
  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  async function change(user: User, patch: Partial<Pick<User, 'role' | 'disabled'>>) {
    try {
      const updated = await api.patch<User | { user: User }>(`/users/${encodeURIComponent(user.id)}`, patch);
      const u = 'user' in updated ? updated.user : updated;
      list.setData((d) => (d ? { items: d.items.map((x) => (x.id === u.id ? { ...x, ...u } : x)) } : d));
      notifications.show({ color: 'teal', message: t('settings.saved') });
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  /** A one-time link for the user to set a new password, shown once to hand over. */
  async function resetPassword(user: User) {
    if (!(await modals.confirm(t('settings.resetConfirm', { email: user.email })))) return;
    try {
      setResetLink(
        await api.post<{ link: string; email: string; expiresAt: string }>(
          `/users/${encodeURIComponent(user.id)}/password-reset`,
        ),
      );
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  return (
    <>
      <SettingsPanel
        hint={t('settings.usersHint')}
        action={
          <Button size="xs" onClick={() => setAdding(true)} data-testid="user-add">
            {t('settings.addUser')}
          </Button>
        }
        error={list.error}
        minWidth={820}
        tableTestId="users-table"
        head={
          <>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('login.email')}</Table.Th>
            <Table.Th>{t('settings.role')}</Table.Th>
            <Table.Th>{t('settings.active')}</Table.Th>
            <Table.Th>{t('time.inYourTime', { text: t('settings.created') })}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(list.data?.items ?? []).map((u) => {
          const self = u.id === me.user.id;
          return (
            <Table.Tr
              key={u.id}
              data-testid="user-row"
              data-email={u.email}
              data-role={u.role}
              data-disabled={u.disabled}
              style={u.disabled ? { opacity: 0.55 } : undefined}
            >
              <Table.Td>
                {u.name} {self && <Badge size="xs">{t('settings.you')}</Badge>}
              </Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  w={150}
                  allowDeselect={false}
                  disabled={self}
                  data={roleOptions}
                  value={u.role}
                  onChange={(v) => v && v !== u.role && void change(u, { role: v as Role })}
                  aria-label={t('settings.role')}
                  data-testid="user-row-role"
                />
              </Table.Td>
              <Table.Td>
                <Switch
                  checked={!u.disabled}
                  disabled={self}
                  onChange={(e) => void change(u, { disabled: !e.currentTarget.checked })}
                  aria-label={t('settings.active')}
                  data-testid="user-row-active"
                />
              </Table.Td>
              <Table.Td style={instantStyle}>{f.yourInstant(u.createdAt)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="xs"
                  variant="default"
                  disabled={u.disabled}
                  onClick={() => void resetPassword(u)}
                  data-testid="user-row-reset"
                >
                  {t('settings.resetPassword')}
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </SettingsPanel>
      <SecretOnceModal
        title={resetLink ? t('settings.resetLinkTitle', { email: resetLink.email }) : ''}
        secret={resetLink?.link ?? null}
        hint={
          resetLink
            ? t('settings.resetLinkHint', {
                email: resetLink.email,
                time: t('time.inYourTime', { text: f.yourInstant(resetLink.expiresAt) }),
              })
            : undefined
        }
        onClose={() => setResetLink(null)}
      />
      <AddUserModal
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </>
  );
}

function AddUserModal({
  opened,
  onClose,
  onAdded,
}: {
  opened: boolean;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await api.post('/users', { email: email.trim(), name: name.trim(), role, password });
      notifications.show({ color: 'teal', message: t('settings.userAdded', { email }) });
      setEmail('');
      setName('');
      setPassword('');
      onAdded();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('settings.addUser')} centered>
      <form onSubmit={submit} data-testid="user-form">
        <Stack gap="sm">
          <TextInput
            label={t('login.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-testid="user-form-email"
            data-autofocus
          />
          <TextInput
            label={t('settings.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="user-form-name"
          />
          <Select
            label={t('settings.role')}
            allowDeselect={false}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            description={t(`settings.roleHints.${role}`)}
            data-testid="user-form-role"
          />
          <PasswordInput
            label={t('settings.initialPassword')}
            description={t('settings.passwordHint')}
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="user-form-password"
          />
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t('settings.addUser')}
            submitTestId="user-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
