import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { NotifyChannel, NotifyChannelInput, NotifyRoute, Storefront, Warehouse } from '../../apiModels';
import { useFormat } from '../../format';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { modals } from '../confirm';
import { errorText } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { DeliveryLog } from './DeliveryLog';
import { SettingsPanel } from './SettingsPanel';
import { SmtpSettings } from './SmtpSettings';

const kinds: NotifyChannel['kind'][] = ['feishu', 'wecom', 'slack', 'email', 'webhook'];
const languages: NotifyChannel['language'][] = ['zh-CN', 'en', 'es-MX'];
/** Each language by its own name, as the language switcher shows them. */
const languageNames: Record<NotifyChannel['language'], string> = {
  'zh-CN': '中文',
  en: 'English',
  'es-MX': 'Español',
};
const alertKinds = [
  'oversell',
  'low_stock',
  'ship_by_at_risk',
  'ship_by_late',
  'listing_not_compliant',
  'sync_failure',
];
const severities = ['info', 'warning', 'critical'] as const;
const roles = ['owner', 'operator', 'viewer'] as const;
const zones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['America/Chicago', 'America/Los_Angeles', 'America/Mexico_City', 'Asia/Shanghai'];
  }
})();

/**
 * Settings → Notifications: the channels alerts and digests go to (Feishu, WeCom, Slack, e-mail, a
 * signed webhook), each with its quiet hours in its own zone and a "send test"; and the routes that
 * say which alerts reach which channel. URLs and secrets go in and never come back.
 */
export function NotificationsSettings({ canAdmin }: { canAdmin: boolean }) {
  const { t } = useTranslation();
  const channels = useResource<{ items: NotifyChannel[] }>('/notify/channels');
  const routes = useResource<{ items: NotifyRoute[] }>('/notify/routes');
  const [adding, setAdding] = useState<'channel' | 'route' | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const items = channels.data?.items ?? [];
  const nameOf = (id: string) => items.find((c) => c.id === id)?.name ?? id;

  async function sendTest(c: NotifyChannel) {
    setTesting(c.id);
    try {
      const r = await api.post<{ sent: boolean; error: string | null }>(
        `/notify/channels/${encodeURIComponent(c.id)}/test`,
        {},
      );
      notifications.show(
        r.sent
          ? { color: 'teal', message: t('notify.testSent', { name: c.name }) }
          : { color: 'red', message: t('notify.testFailed', { name: c.name, error: r.error ?? '' }) },
      );
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    } finally {
      setTesting(null);
    }
  }

  return (
    <Stack gap="xl">
      <SettingsPanel
        hint={t('notify.channelsHint')}
        action={
          canAdmin && (
            <Button size="xs" onClick={() => setAdding('channel')} data-testid="channel-add">
              {t('notify.addChannel')}
            </Button>
          )
        }
        error={channels.error}
        minWidth={820}
        tableTestId="channels-table"
        head={
          <>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('notify.kind')}</Table.Th>
            <Table.Th>{t('notify.language')}</Table.Th>
            <Table.Th>{t('notify.target')}</Table.Th>
            <Table.Th>{t('notify.quietHours')}</Table.Th>
            <Table.Th />
          </>
        }
        footer={
          channels.data &&
          items.length === 0 && (
            <Text c="dimmed" ta="center" py="md" size="sm">
              {t('notify.noChannels')}
            </Text>
          )
        }
      >
        {items.map((c) => (
          <Table.Tr key={c.id} data-testid="channel-row" data-name={c.name}>
            <Table.Td fw={600}>{c.name}</Table.Td>
            <Table.Td>
              <Badge variant="light">{t(`notify.kinds.${c.kind}`)}</Badge>
            </Table.Td>
            <Table.Td>{languageNames[c.language]}</Table.Td>
            <Table.Td>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {c.kind === 'email' ? c.recipients.join(', ') : c.origin}
              </Text>
              {c.roles.length > 0 && (
                <Text size="xs" c="dimmed" data-testid="channel-roles">
                  {t('notify.toRoles', { roles: c.roles.map((r) => t(`roles.${r}`)).join(', ') })}
                </Text>
              )}
              {c.hasSecret && (
                <Text size="xs" c="dimmed">
                  {t('notify.signed')}
                </Text>
              )}
            </Table.Td>
            <Table.Td data-testid="channel-quiet">
              {c.quietFrom && c.quietTo
                ? t('notify.quietRange', { from: c.quietFrom, to: c.quietTo, zone: c.timeZone })
                : t('notify.noQuiet')}
            </Table.Td>
            <Table.Td>
              <Group gap="xs" justify="flex-end" wrap="nowrap">
                <Button
                  size="xs"
                  variant="default"
                  loading={testing === c.id}
                  onClick={() => void sendTest(c)}
                  data-testid="channel-test"
                >
                  {t('notify.sendTest')}
                </Button>
                {canAdmin && (
                  <RemoveButton
                    path={`/notify/channels/${encodeURIComponent(c.id)}`}
                    question={t('notify.removeChannelConfirm', { name: c.name })}
                    onRemoved={() => {
                      channels.reload();
                      routes.reload();
                    }}
                    testId="channel-remove"
                  />
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </SettingsPanel>

      <SettingsPanel
        hint={t('notify.routesHint')}
        action={
          canAdmin && (
            <Button
              size="xs"
              variant="default"
              disabled={items.length === 0}
              onClick={() => setAdding('route')}
              data-testid="route-add"
            >
              {t('notify.addRoute')}
            </Button>
          )
        }
        error={routes.error}
        minWidth={720}
        tableTestId="routes-table"
        head={
          <>
            <Table.Th>{t('notify.channel')}</Table.Th>
            <Table.Th>{t('notify.alertKinds')}</Table.Th>
            <Table.Th>{t('notify.severity')}</Table.Th>
            <Table.Th>{t('common.warehouse')}</Table.Th>
            <Table.Th>{t('common.storefront')}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(routes.data?.items ?? []).map((r) => (
          <Table.Tr key={r.id} data-testid="route-row">
            <Table.Td fw={600}>{nameOf(r.channelId)}</Table.Td>
            <Table.Td>
              {r.kinds.length
                ? r.kinds.map((k) => t(`alertKinds.${k}`, { defaultValue: k })).join(', ')
                : t('notify.everyKind')}
            </Table.Td>
            <Table.Td>
              {r.severity ? t('notify.atLeast', { severity: t(`severity.${r.severity}`) }) : '—'}
            </Table.Td>
            <Table.Td>{r.warehouse ?? t('notify.any')}</Table.Td>
            <Table.Td>{r.storefront ?? t('notify.any')}</Table.Td>
            <Table.Td ta="right">
              {canAdmin && (
                <RemoveButton
                  path={`/notify/routes/${encodeURIComponent(r.id)}`}
                  question={t('notify.removeRouteConfirm')}
                  onRemoved={routes.reload}
                  testId="route-remove"
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </SettingsPanel>

      {canAdmin && <SmtpSettings />}

      <DeliveryLog />

      {adding === 'channel' && (
        <ChannelForm
          onClose={() => setAdding(null)}
          onSaved={() => {
            setAdding(null);
            channels.reload();
          }}
        />
      )}
      {adding === 'route' && (
        <RouteForm
          channels={items}
          onClose={() => setAdding(null)}
          onSaved={() => {
            setAdding(null);
            routes.reload();
          }}
        />
      )}
    </Stack>
  );
}

/** A row's "Remove": asks first, deletes at `path`, then says so and reloads what showed it. */
function RemoveButton({
  path,
  question,
  onRemoved,
  testId,
}: {
  path: string;
  question: string;
  onRemoved: () => void;
  testId: string;
}) {
  const { t } = useTranslation();

  async function remove() {
    if (!(await modals.confirm(question))) return;
    try {
      await api.delete(path);
      notifications.show({ color: 'teal', message: t('notify.removed') });
      onRemoved();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  return (
    <Button size="xs" variant="subtle" color="red" onClick={() => void remove()} data-testid={testId}>
      {t('notify.remove')}
    </Button>
  );
}

function ChannelForm({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState<NotifyChannelInput>({
    kind: 'feishu',
    name: '',
    url: '',
    to: '',
    secret: '',
    language: (languages.find((l) => l.startsWith(i18n.language.slice(0, 2))) ??
      'en') as NotifyChannel['language'],
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    quietFrom: null,
    quietTo: null,
  });
  const { busy, error, run } = useSubmit();
  const set = <K extends keyof NotifyChannelInput>(key: K, value: NotifyChannelInput[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const email = draft.kind === 'email';

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await api.post('/notify/channels', {
        ...draft,
        url: email ? draft.url || undefined : draft.url,
        to: email ? draft.to : undefined,
        roles: email ? draft.roles : undefined,
        secret: draft.secret || undefined,
        quietFrom: draft.quietFrom || null,
        quietTo: draft.quietTo || null,
      });
      notifications.show({ color: 'teal', message: t('notify.channelAdded', { name: draft.name }) });
      onSaved();
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('notify.addChannel')} size="lg" centered>
      <form onSubmit={submit} data-testid="channel-form">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('notify.kind')}
              allowDeselect={false}
              data={kinds.map((k) => ({ value: k, label: t(`notify.kinds.${k}`) }))}
              value={draft.kind}
              onChange={(v) => v && set('kind', v as NotifyChannel['kind'])}
              data-testid="channel-form-kind"
            />
            <TextInput
              label={t('settings.name')}
              required
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-testid="channel-form-name"
            />
            {email ? (
              <>
                <TextInput
                  label={t('notify.recipients')}
                  description={t('notify.recipientsHint')}
                  required={!draft.roles?.length}
                  value={draft.to ?? ''}
                  onChange={(e) => set('to', e.currentTarget.value)}
                  data-testid="channel-form-to"
                />
                <MultiSelect
                  label={t('notify.roles')}
                  description={t('notify.rolesHint')}
                  data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  value={draft.roles ?? []}
                  onChange={(v) => set('roles', v as (typeof roles)[number][])}
                  data-testid="channel-form-roles"
                />
              </>
            ) : (
              <TextInput
                label={t('notify.url')}
                description={t('notify.urlHint')}
                required
                type="url"
                value={draft.url ?? ''}
                onChange={(e) => set('url', e.currentTarget.value)}
                data-testid="channel-form-url"
              />
            )}
            {(draft.kind === 'feishu' || draft.kind === 'webhook') && (
              <TextInput
                label={t('notify.secret')}
                description={t('notify.secretHint')}
                type="password"
                autoComplete="off"
                value={draft.secret ?? ''}
                onChange={(e) => set('secret', e.currentTarget.value)}
              />
            )}
            <Select
              label={t('notify.language')}
              allowDeselect={false}
              data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
              value={draft.language ?? 'en'}
              onChange={(v) => v && set('language', v as NotifyChannel['language'])}
            />
            <Select
              label={t('settings.timeZone')}
              description={t('notify.zoneHint', { zone: f.zone(draft.timeZone ?? 'UTC') })}
              searchable
              allowDeselect={false}
              data={zones}
              value={draft.timeZone ?? null}
              onChange={(v) => v && set('timeZone', v)}
            />
            <TextInput
              label={t('notify.quietFrom')}
              description={t('notify.quietHint')}
              pattern="^([01]\d|2[0-3]):[0-5]\d$"
              placeholder="22:00"
              value={draft.quietFrom ?? ''}
              onChange={(e) => set('quietFrom', e.currentTarget.value)}
              data-testid="channel-form-quiet-from"
            />
            <TextInput
              label={t('notify.quietTo')}
              pattern="^([01]\d|2[0-3]):[0-5]\d$"
              placeholder="07:00"
              value={draft.quietTo ?? ''}
              onChange={(e) => set('quietTo', e.currentTarget.value)}
              data-testid="channel-form-quiet-to"
            />
          </SimpleGrid>
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t('notify.addChannel')}
            submitTestId="channel-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}

function RouteForm({
  channels,
  onClose,
  onSaved,
}: {
  channels: NotifyChannel[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const storefronts = useResource<{ items: Storefront[] }>('/storefronts');
  const [channelId, setChannelId] = useState<string | null>(channels[0]?.id ?? null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [severity, setSeverity] = useState<string | null>(null);
  const [warehouse, setWarehouse] = useState<string | null>(null);
  const [storefront, setStorefront] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!channelId) return;
    void run(async () => {
      await api.post('/notify/routes', { channelId, kinds: chosen, severity, warehouse, storefront });
      notifications.show({ color: 'teal', message: t('notify.routeAdded') });
      onSaved();
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('notify.addRoute')} size="lg" centered>
      <form onSubmit={submit} data-testid="route-form">
        <Stack gap="sm">
          <Select
            label={t('notify.channel')}
            allowDeselect={false}
            data={channels.map((c) => ({ value: c.id, label: c.name }))}
            value={channelId}
            onChange={setChannelId}
          />
          <MultiSelect
            label={t('notify.alertKinds')}
            description={t('notify.alertKindsHint')}
            data={alertKinds.map((k) => ({ value: k, label: t(`alertKinds.${k}`) }))}
            value={chosen}
            onChange={setChosen}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('notify.severity')}
              clearable
              placeholder={t('notify.any')}
              data={severities.map((s) => ({
                value: s,
                label: t('notify.atLeast', { severity: t(`severity.${s}`) }),
              }))}
              value={severity}
              onChange={setSeverity}
            />
            <Select
              label={t('common.warehouse')}
              clearable
              placeholder={t('notify.any')}
              data={(warehouses.data?.items ?? []).map((w) => w.code)}
              value={warehouse}
              onChange={setWarehouse}
            />
            <Select
              label={t('common.storefront')}
              clearable
              placeholder={t('notify.any')}
              data={(storefronts.data?.items ?? []).map((s) => s.code)}
              value={storefront}
              onChange={setStorefront}
            />
          </SimpleGrid>
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t('notify.addRoute')}
            submitTestId="route-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
