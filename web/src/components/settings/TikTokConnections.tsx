import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { API, api } from '../../api';
import type {
  TikTokAuthorization,
  TikTokConnection,
  TikTokSyncError,
  TikTokSyncSummary,
  TikTokWarehouseMapping,
  Warehouse,
} from '../../apiModels';
import { useFormat } from '../../format';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { ScrollTable } from '../ScrollTable';

/**
 * Settings → Storefronts → TikTok Shop (issue 11): per storefront, "Connect TikTok Shop" (the
 * seller authorizes at TikTok, which sends the browser back to Puente's callback), and once
 * connected its health — shop, last pull and push, lag, what waits to be sent, the last error —
 * with "Sync now", "Reconnect" and the warehouse mapping. The server does the work
 * (routes/tiktokConnect.ts); this page only shows it and asks.
 */
export function TikTokConnections({ canAdmin, canOperate }: { canAdmin: boolean; canOperate: boolean }) {
  const { t } = useTranslation();
  const list = useResource<{ items: TikTokConnection[] }>('/connectors/tiktok/connections');
  const [connecting, setConnecting] = useState<string | null>(null);

  return (
    <Stack gap="sm" data-testid="tiktok-connections">
      <Title order={4}>{t('tiktok.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('tiktok.hint')}
      </Text>
      <CallbackResult />
      <ErrorNotice error={list.error} />
      <Stack gap="sm">
        {(list.data?.items ?? []).map((c) => (
          <ConnectionCard
            key={c.storefront}
            connection={c}
            canAdmin={canAdmin}
            canOperate={canOperate}
            onConnect={() => setConnecting(c.storefront)}
            onChanged={list.reload}
          />
        ))}
      </Stack>
      {connecting && <ConnectModal storefront={connecting} onClose={() => setConnecting(null)} />}
    </Stack>
  );
}

/** What the callback said, as it sent the browser back here: connected, or why not. */
function CallbackResult() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const connected = params.get('tiktok') === 'connected';
  const problem = params.get('tiktok_error');
  if (!connected && !problem) return null;
  const dismiss = () => setParams({ tab: 'storefronts' });
  const detail = params.get('detail');
  return (
    <Alert
      color={connected ? 'teal' : 'red'}
      withCloseButton
      onClose={dismiss}
      data-testid="tiktok-callback-result"
      data-result={connected ? 'connected' : problem}
    >
      {connected
        ? t('tiktok.callback.connected', { storefront: params.get('storefront') ?? '' })
        : t([`tiktok.callback.${problem}`, 'tiktok.callback.failed'])}
      {!connected && detail ? ` (${detail})` : ''}
    </Alert>
  );
}

/** The last error in the seller's words: what kind of failure, in which step, then TikTok's own. */
function errorWords(t: ReturnType<typeof useTranslation>['t'], e: TikTokSyncError): string {
  const step = t(`tiktok.step.${e.step}`);
  const kind = t(`tiktok.error.${e.kind}`, { code: e.code ?? '' });
  return `${step}: ${kind} — ${e.detail}`;
}

function ConnectionCard({
  connection: c,
  canAdmin,
  canOperate,
  onConnect,
  onChanged,
}: {
  connection: TikTokConnection;
  canAdmin: boolean;
  canOperate: boolean;
  onConnect: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const sync = useSubmit();
  const [summary, setSummary] = useState<TikTokSyncSummary | null>(null);
  const [mapping, setMapping] = useState(false);
  const link = c.connection;

  function syncNow() {
    void sync.run(async () => {
      const s = await api.post<TikTokSyncSummary>(
        `/connectors/tiktok/connections/${encodeURIComponent(c.storefront)}/sync`,
      );
      setSummary(s);
      onChanged();
    });
  }

  const fact = (label: string, value: string, testId: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value}
      </Text>
    </div>
  );

  return (
    <Card withBorder radius="md" data-testid="tiktok-connection" data-code={c.storefront}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={700}>{c.storefront}</Text>
            <Badge
              color={link ? (link.lastError && isCurrent(link) ? 'orange' : 'teal') : 'gray'}
              variant="light"
              data-testid="tiktok-state"
            >
              {link
                ? link.lastError && isCurrent(link)
                  ? t('tiktok.state.failing')
                  : t('tiktok.state.connected')
                : t('tiktok.state.notConnected')}
            </Badge>
          </Group>
          <Group gap={6}>
            {link && canOperate && (
              <Button size="xs" onClick={syncNow} loading={sync.busy} data-testid="tiktok-sync-now">
                {t('tiktok.syncNow')}
              </Button>
            )}
            {canAdmin && (
              <Button
                size="xs"
                variant={link ? 'default' : 'filled'}
                onClick={onConnect}
                data-testid="tiktok-connect"
              >
                {link ? t('tiktok.reconnect') : t('tiktok.connect')}
              </Button>
            )}
          </Group>
        </Group>
        {!link && (
          <Text size="sm" c="dimmed">
            {t('tiktok.notConnectedHint', { region: c.region })}
          </Text>
        )}
        {link && (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" maw={900} data-testid="tiktok-health">
              {fact(
                t('tiktok.shop'),
                `${link.shop.name} · ${link.shop.region} · ${link.shop.id}`,
                'tiktok-shop',
              )}
              {fact(t('tiktok.lastPull'), f.yourInstant(link.lastPullAt), 'tiktok-last-pull')}
              {fact(t('tiktok.lastPush'), f.yourInstant(link.lastPushAt), 'tiktok-last-push')}
              {fact(
                t('tiktok.lag'),
                link.lagSeconds === null ? '—' : f.duration(link.lagSeconds * 1000),
                'tiktok-lag',
              )}
              {fact(
                t('tiktok.pendingPushes'),
                t('tiktok.pendingValue', {
                  pending: f.number(link.outbox.stock.pending),
                  failed: f.number(link.outbox.stock.failed),
                }),
                'tiktok-pending',
              )}
              {fact(
                t('tiktok.tracking'),
                t('tiktok.trackingValue', {
                  pending: f.number(link.outbox.tracking.pending),
                  refused: f.number(link.outbox.tracking.refused),
                }),
                'tiktok-tracking',
              )}
            </SimpleGrid>
            <div>
              <Text size="xs" c="dimmed">
                {t('tiktok.lastError')}
              </Text>
              {link.lastError ? (
                <Text size="sm" c={isCurrent(link) ? 'red' : 'dimmed'} data-testid="tiktok-last-error">
                  {f.yourInstant(link.lastError.at)} · {errorWords(t, link.lastError)}
                </Text>
              ) : (
                <Text size="sm" data-testid="tiktok-last-error">
                  {t('tiktok.noError')}
                </Text>
              )}
            </div>
            <ErrorNotice error={sync.error} />
            {summary && <SyncSummaryNotice summary={summary} onClose={() => setSummary(null)} />}
            <Group>
              <Button
                size="xs"
                variant="subtle"
                onClick={() => setMapping((m) => !m)}
                data-testid="tiktok-warehouses-toggle"
              >
                {mapping ? t('tiktok.hideWarehouses') : t('tiktok.showWarehouses')}
              </Button>
            </Group>
            {mapping && <WarehouseMapping storefront={c.storefront} canAdmin={canAdmin} />}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** An error is current when no pull went through after it. */
function isCurrent(link: NonNullable<TikTokConnection['connection']>): boolean {
  if (!link.lastError) return false;
  return !link.lastPullAt || link.lastPullAt < link.lastError.at;
}

function SyncSummaryNotice({ summary: s, onClose }: { summary: TikTokSyncSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const failed = s.skipped.filter((k) => k.failed);
  return (
    <Alert
      color={failed.length ? 'orange' : 'teal'}
      withCloseButton
      onClose={onClose}
      data-testid="tiktok-sync-summary"
    >
      <Text size="sm">{t('tiktok.summary.orders', s.orders)}</Text>
      <Text size="sm">
        {t('tiktok.summary.out', {
          pushed: s.stock.pushed,
          failed: s.stock.failed,
          sent: s.tracking.sent,
          refused: s.tracking.failed,
        })}
      </Text>
      <Text size="sm">{t('tiktok.summary.calls', { calls: s.calls, retries: s.retries })}</Text>
      {s.skipped.slice(0, 5).map((k) => (
        <Text size="xs" c={k.failed ? 'red' : 'dimmed'} key={`${k.step}-${k.subject ?? ''}-${k.reason}`}>
          {t(`tiktok.step.${k.step}`)}
          {k.subject ? ` ${k.subject}` : ''}: {k.reason}
        </Text>
      ))}
    </Alert>
  );
}

/**
 * The shop's TikTok warehouses (read fresh from TikTok) with the Puente warehouse each stands for;
 * an owner changes the pairs and saves them as `puente tiktok warehouses --map` does.
 */
function WarehouseMapping({ storefront, canAdmin }: { storefront: string; canAdmin: boolean }) {
  const { t } = useTranslation();
  const path = `/connectors/tiktok/connections/${encodeURIComponent(storefront)}/warehouses`;
  const rows = useResource<{ items: TikTokWarehouseMapping[] }>(path);
  const puente = useResource<{ items: Warehouse[] }>('/warehouses');
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const save = useSubmit();
  const items = rows.data?.items ?? [];
  const changed = items.filter((w) => w.id in chosen && (chosen[w.id] || null) !== w.warehouse);

  function submit() {
    void save.run(async () => {
      const answer = await api.put<{ items: TikTokWarehouseMapping[] }>(path, {
        map: changed.map((w) => ({ tiktokWarehouseId: w.id, warehouse: chosen[w.id] || null })),
      });
      rows.setData(answer);
      setChosen({});
      notifications.show({ color: 'teal', message: t('settings.saved') });
    });
  }

  if (rows.error) return <ErrorNotice error={rows.error} />;
  if (!rows.data) return <Text size="sm">{t('common.loading')}</Text>;
  return (
    <Stack gap="xs">
      <ScrollTable
        minWidth={560}
        verticalSpacing="xs"
        data-testid="tiktok-warehouses"
        head={
          <>
            <Table.Th>{t('tiktok.warehouseId')}</Table.Th>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.state')}</Table.Th>
            <Table.Th>{t('tiktok.postalCode')}</Table.Th>
            <Table.Th>{t('tiktok.puenteWarehouse')}</Table.Th>
          </>
        }
      >
        {items.map((w) => {
          const sales = (w.type ?? 'SALES_WAREHOUSE') === 'SALES_WAREHOUSE';
          return (
            <Table.Tr key={w.id} data-testid="tiktok-warehouse-row" data-id={w.id}>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {w.id}
                </Text>
              </Table.Td>
              <Table.Td>
                {w.name}
                {!sales && (
                  <Text size="xs" c="dimmed">
                    {t('tiktok.returnWarehouse')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{w.state ?? '—'}</Table.Td>
              <Table.Td>{w.postal_code ?? '—'}</Table.Td>
              <Table.Td>
                <NativeSelect
                  size="xs"
                  disabled={!canAdmin || !sales}
                  value={chosen[w.id] ?? w.warehouse ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setChosen((c) => ({ ...c, [w.id]: value }));
                  }}
                  data={[
                    { value: '', label: t('tiktok.noWarehouse') },
                    ...(puente.data?.items ?? []).map((p) => ({
                      value: p.code,
                      label: `${p.code} · ${p.name}`,
                    })),
                  ]}
                  aria-label={t('tiktok.puenteWarehouse')}
                  data-testid="tiktok-warehouse-select"
                />
                {w.mapped_by === 'auto' && !(w.id in chosen) && (
                  <Text size="xs" c="dimmed">
                    {t('tiktok.mappedAuto')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </ScrollTable>
      <ErrorNotice error={save.error} />
      {canAdmin && (
        <Group justify="flex-end">
          <Button
            size="xs"
            onClick={submit}
            loading={save.busy}
            disabled={changed.length === 0}
            data-testid="tiktok-warehouses-save"
          >
            {t('common.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/**
 * The app key and secret from TikTok Shop Partner Center (and, for a proxy or a test double, other
 * hosts); the server keeps them with a one-time state and answers with TikTok's authorization
 * page, which this window then opens.
 */
function ConnectModal({ storefront, onClose }: { storefront: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [appKey, setAppKey] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [apiBase, setApiBase] = useState('');
  const [authBase, setAuthBase] = useState('');
  const { busy, error, run } = useSubmit();
  const callbackUrl = `${window.location.origin}${API}/connectors/tiktok/callback`;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const a = await api.post<TikTokAuthorization>('/connectors/tiktok/authorize', {
        storefront,
        appKey: appKey.trim(),
        appSecret: appSecret.trim(),
        ...(apiBase.trim() ? { apiBase: apiBase.trim() } : {}),
        ...(authBase.trim() ? { authBase: authBase.trim() } : {}),
      });
      window.location.assign(a.authorizeUrl);
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('tiktok.connectTitle', { storefront })} size="lg" centered>
      <form onSubmit={submit} data-testid="tiktok-connect-form">
        <Stack gap="sm">
          <Text size="sm">{t('tiktok.connectHint')}</Text>
          <Text size="xs" c="dimmed">
            {t('tiktok.callbackHint')}{' '}
            <Text span ff="monospace" size="xs" data-testid="tiktok-callback-url">
              {callbackUrl}
            </Text>
          </Text>
          <TextInput
            label={t('tiktok.appKey')}
            required
            value={appKey}
            onChange={(e) => setAppKey(e.currentTarget.value)}
            data-testid="tiktok-app-key"
          />
          <PasswordInput
            label={t('tiktok.appSecret')}
            description={t('tiktok.appSecretHint')}
            required
            value={appSecret}
            onChange={(e) => setAppSecret(e.currentTarget.value)}
            data-testid="tiktok-app-secret"
          />
          <TextInput
            label={t('tiktok.apiBase')}
            placeholder={t('tiktok.baseDefault')}
            value={apiBase}
            onChange={(e) => setApiBase(e.currentTarget.value)}
            data-testid="tiktok-api-base"
          />
          <TextInput
            label={t('tiktok.authBase')}
            placeholder={t('tiktok.baseDefault')}
            value={authBase}
            onChange={(e) => setAuthBase(e.currentTarget.value)}
            data-testid="tiktok-auth-base"
          />
          <FormActions
            error={error}
            busy={busy}
            onCancel={onClose}
            submitLabel={t('tiktok.goAuthorize')}
            submitTestId="tiktok-authorize"
          />
        </Stack>
      </form>
    </Modal>
  );
}
