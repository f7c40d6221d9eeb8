import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { Role, User } from '../../apiTypes';
import { useMe } from '../../auth';
import { useFormat } from '../../format';
import { useResource } from '../../useResource';
import { ErrorNotice, errorText } from '../ErrorNotice';

const roles: Role[] = ['owner', 'operator', 'viewer'];

export function UsersSettings() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const list = useResource<{ items: User[] }>('/users');
  const [adding, setAdding] = useState(false);
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

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('settings.usersHint')}
        </Text>
        <Button size="xs" onClick={() => setAdding(true)} data-testid="user-add">
          {t('settings.addUser')}
        </Button>
      </Group>
      <ErrorNotice error={list.error} />
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={680}>
          <Table verticalSpacing="sm" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.name')}</Table.Th>
                <Table.Th>{t('login.email')}</Table.Th>
                <Table.Th>{t('settings.role')}</Table.Th>
                <Table.Th>{t('settings.active')}</Table.Th>
                <Table.Th>{t('settings.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(list.data?.items ?? []).map((u) => {
                const self = u.id === me.user.id;
                return (
                  <Table.Tr
                    key={u.id}
                    data-testid="user-row"
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
                      />
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={!u.disabled}
                        disabled={self}
                        onChange={(e) => void change(u, { disabled: !e.currentTarget.checked })}
                        aria-label={t('settings.active')}
                      />
                    </Table.Td>
                    <Table.Td>{f.date(u.createdAt)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <AddUserModal
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </Stack>
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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/users', { email: email.trim(), name: name.trim(), role, password });
      notifications.show({ color: 'teal', message: t('settings.userAdded', { email }) });
      setEmail('');
      setName('');
      setPassword('');
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
          />
          <TextInput
            label={t('settings.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('settings.role')}
            allowDeselect={false}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            description={t(`settings.roleHints.${role}`)}
          />
          <PasswordInput
            label={t('settings.initialPassword')}
            description={t('settings.passwordHint')}
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorNotice error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('settings.addUser')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
