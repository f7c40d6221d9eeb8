import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, requestFull } from '../../api';
import type { Storefront, Warehouse } from '../../apiModels';
import { numberProblem, numberRules, useFieldErrors } from '../../fieldErrors';
import { useFormat } from '../../format';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { modals } from '../confirm';
import { ErrorNotice, errorText } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { SecretOnceModal } from './SecretOnceModal';
import { SettingsPanel } from './SettingsPanel';
import { StaleWarning } from './StaleWarning';
import { TikTokConnections } from './TikTokConnections';

export function StorefrontsSettings({ canAdmin, canOperate }: { canAdmin: boolean; canOperate: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useResource<{ items: Storefront[] }>('/storefronts');
  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const [editing, setEditing] = useState<Storefront | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function rotate(s: Storefront) {
    if (!(await modals.confirm(t('settings.rotateConfirm', { code: s.code })))) return;
    try {
      const r = await api.post<{ secret: string }>(
        `/storefronts/${encodeURIComponent(s.code)}/webhook-secret`,
        {},
      );
      setSecret(r.secret);
      list.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err) });
    }
  }

  return (
    <>
      <SettingsPanel
        hint={t('settings.storefrontsHint')}
        error={list.error}
        minWidth={820}
        tableTestId="storefronts-table"
        head={
          <>
            <Table.Th>{t('settings.code')}</Table.Th>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.regionCurrency')}</Table.Th>
            <Table.Th>{t('settings.warehousePriority')}</Table.Th>
            <Table.Th>{t('stock.buffer')}</Table.Th>
            <Table.Th>{t('settings.split')}</Table.Th>
            <Table.Th>{t('settings.webhook')}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(list.data?.items ?? []).map((s) => (
          <Table.Tr key={s.code} data-testid="storefront-row" data-code={s.code}>
            <Table.Td fw={700}>{s.code}</Table.Td>
            <Table.Td>
              <Text size="sm">{s.name}</Text>
              <Text size="xs" c="dimmed">
                {s.platform} · {s.policyId}
              </Text>
            </Table.Td>
            <Table.Td>
              {s.region} · {s.currency}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {[...s.warehouses]
                  .sort((a, b) => a.priority - b.priority)
                  .map((w, i) => (
                    <Badge key={w.code} variant={i === 0 ? 'filled' : 'light'} size="sm">
                      {i + 1}. {w.code}
                    </Badge>
                  ))}
              </Group>
            </Table.Td>
            <Table.Td data-testid="storefront-buffer">
              {t('settings.bufferValue', {
                units: f.number(s.bufferUnits),
                percent: f.number(s.bufferPercent, 1),
              })}
            </Table.Td>
            <Table.Td>{s.allowSplit ? t('common.yes') : t('common.no')}</Table.Td>
            <Table.Td>
              <Badge
                color={s.hasWebhookSecret ? 'teal' : 'gray'}
                variant="light"
                size="sm"
                data-testid="webhook-secret-state"
                data-set={s.hasWebhookSecret}
              >
                {s.hasWebhookSecret ? t('settings.secretSet') : t('settings.secretNone')}
              </Badge>
            </Table.Td>
            <Table.Td>
              {canAdmin && (
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setEditing(s)}
                    data-testid="storefront-edit"
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="orange"
                    onClick={() => void rotate(s)}
                    data-testid="rotate-secret"
                  >
                    {t('settings.rotateSecret')}
                  </Button>
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </SettingsPanel>
      {editing && (
        <StorefrontForm
          storefront={editing}
          warehouses={warehouses.data?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <SecretOnceModal
        title={t('settings.newWebhookSecret')}
        secret={secret}
        onClose={() => setSecret(null)}
      />
      <TikTokConnections canAdmin={canAdmin} canOperate={canOperate} />
    </>
  );
}

function StorefrontForm({
  storefront,
  warehouses,
  onClose,
  onSaved,
}: {
  storefront: Storefront;
  warehouses: Warehouse[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [etag, setEtag] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [bufferUnits, setBufferUnits] = useState<number | string>('');
  const [bufferPercent, setBufferPercent] = useState<number | string>('');
  const [allowSplit, setAllowSplit] = useState(false);
  const [order, setOrder] = useState<string[]>([]);
  const [stale, setStale] = useState(false);
  const { busy, error, run } = useSubmit();
  const [version, setVersion] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  // An empty, negative, fractional or too large buffer is refused with its range, never read as 0.
  const fields = useFieldErrors(
    {
      name: t('settings.name'),
      bufferUnits: t('settings.bufferUnits'),
      bufferPercent: t('settings.bufferPercent'),
    },
    {
      bufferUnits: numberProblem(bufferUnits, numberRules.bufferUnits),
      bufferPercent: numberProblem(bufferPercent, numberRules.bufferPercent),
    },
    submitted,
    error,
  );

  // The form edits the storefront as GET /storefronts/:code gives it, with that answer's ETag; it
  // shows nothing editable before, so nothing typed is overwritten when the answer arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    let live = true;
    setLoadError(null);
    requestFull<Storefront>(`/storefronts/${encodeURIComponent(storefront.code)}`)
      .then((r) => {
        if (!live) return;
        const s = r.data;
        setName(s.name);
        setBufferUnits(s.bufferUnits);
        setBufferPercent(s.bufferPercent);
        setAllowSplit(s.allowSplit);
        setOrder([...s.warehouses].sort((a, b) => a.priority - b.priority).map((w) => w.code));
        // Without an ETag (a proxy dropped it) the save is refused with 428 and says so.
        setEtag(r.headers.get('ETag') ?? '');
        setStale(false);
      })
      .catch((err) => live && setLoadError(err));
    return () => {
      live = false;
    };
  }, [storefront.code, version]);

  const move = (code: string, by: -1 | 1) =>
    setOrder((o) => {
      const i = o.indexOf(code);
      const j = i + by;
      if (i < 0 || j < 0 || j >= o.length) return o;
      const next = [...o];
      [next[i], next[j]] = [next[j] as string, next[i] as string];
      return next;
    });
  const unused = warehouses.filter((w) => !order.includes(w.code));

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!fields.valid) return;
    void run(async () => {
      try {
        await api.patch(
          `/storefronts/${encodeURIComponent(storefront.code)}`,
          {
            name: name.trim(),
            bufferUnits: Number(bufferUnits),
            bufferPercent: Number(bufferPercent),
            allowSplit,
            warehouses: order,
          },
          etag ? { 'If-Match': etag } : {},
        );
      } catch (err) {
        if (err instanceof ApiError && err.status === 412) return setStale(true);
        throw err;
      }
      notifications.show({ color: 'teal', message: t('settings.saved') });
      onSaved();
    });
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.editStorefront', { code: storefront.code })}
      size="lg"
      centered
    >
      {etag === null && !loadError && <Text>{t('common.loading')}</Text>}
      {etag === null && <ErrorNotice error={loadError} />}
      {etag !== null && (
        <form onSubmit={submit} data-testid="storefront-form">
          <Stack gap="sm">
            {stale && <StaleWarning onReload={() => setVersion((v) => v + 1)} />}
            <TextInput
              label={t('settings.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fields.errors.name}
            />
            <Group grow>
              <NumberInput
                label={t('settings.bufferUnits')}
                allowDecimal
                allowNegative
                clampBehavior="none"
                value={bufferUnits}
                onChange={setBufferUnits}
                error={fields.errors.bufferUnits}
                data-testid="storefront-buffer-units"
              />
              <NumberInput
                label={t('settings.bufferPercent')}
                allowDecimal
                allowNegative
                clampBehavior="none"
                suffix=" %"
                value={bufferPercent}
                onChange={setBufferPercent}
                error={fields.errors.bufferPercent}
                data-testid="storefront-buffer-percent"
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('settings.bufferHint')}
            </Text>
            <Switch
              label={t('settings.allowSplit')}
              description={t('settings.allowSplitHint')}
              checked={allowSplit}
              onChange={(e) => setAllowSplit(e.currentTarget.checked)}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('settings.warehousePriority')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('settings.priorityHint')}
              </Text>
              {order.map((code, i) => (
                <Group key={code} gap="xs" wrap="nowrap">
                  <Badge w={28} variant="light">
                    {i + 1}
                  </Badge>
                  <Text size="sm" style={{ flex: 1 }}>
                    {code} · {warehouses.find((w) => w.code === code)?.name}
                  </Text>
                  <ActionIcon
                    variant="default"
                    onClick={() => move(code, -1)}
                    disabled={i === 0}
                    aria-label={t('settings.moveUp')}
                  >
                    ↑
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    onClick={() => move(code, 1)}
                    disabled={i === order.length - 1}
                    aria-label={t('settings.moveDown')}
                  >
                    ↓
                  </ActionIcon>
                  <Checkbox
                    checked
                    disabled={order.length === 1}
                    onChange={() => setOrder((o) => o.filter((c) => c !== code))}
                    aria-label={t('settings.useWarehouse')}
                  />
                </Group>
              ))}
              {unused.map((w) => (
                <Group key={w.code} gap="xs" wrap="nowrap">
                  <Badge w={28} variant="outline" color="gray">
                    –
                  </Badge>
                  <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                    {w.code} · {w.name}
                  </Text>
                  <Checkbox
                    checked={false}
                    onChange={() => setOrder((o) => [...o, w.code])}
                    aria-label={t('settings.useWarehouse')}
                  />
                </Group>
              ))}
            </Stack>
            <FormActions
              error={error}
              busy={busy}
              shown={fields.shown}
              onCancel={onClose}
              submitLabel={t('common.save')}
              submitTestId="storefront-save"
              disabled={stale}
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
