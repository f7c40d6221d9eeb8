import { Button, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, requestFull } from '../../api';
import type { HolidayCalendar, Warehouse } from '../../apiModels';
import { numberProblem, numberRules, useFieldErrors } from '../../fieldErrors';
import { useFormat } from '../../format';
import { useNow } from '../../useNow';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice } from '../ErrorNotice';
import { FormActions } from '../FormActions';
import { SettingsPanel } from './SettingsPanel';
import { StaleWarning } from './StaleWarning';

const calendars: HolidayCalendar[] = ['US-federal', 'MX-federal', 'none'];
const zones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [
      'America/Los_Angeles',
      'America/Denver',
      'America/Chicago',
      'America/New_York',
      'America/Mexico_City',
    ];
  }
})();

/** The warehouse being edited; the lead time as typed, until it is checked. */
type Draft = Omit<Warehouse, 'id' | 'version' | 'leadTimeDays'> & { leadTimeDays: number | string };

export function WarehousesSettings({ canAdmin }: { canAdmin: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow(30_000);
  const list = useResource<{ items: Warehouse[] }>('/warehouses');
  const [editing, setEditing] = useState<string | 'new' | null>(null);

  return (
    <>
      <SettingsPanel
        hint={t('settings.warehousesHint')}
        action={
          canAdmin && (
            <Button size="xs" onClick={() => setEditing('new')} data-testid="warehouse-add">
              {t('settings.addWarehouse')}
            </Button>
          )
        }
        error={list.error}
        minWidth={760}
        tableTestId="warehouses-table"
        head={
          <>
            <Table.Th>{t('settings.code')}</Table.Th>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.location')}</Table.Th>
            <Table.Th>{t('settings.timeZone')}</Table.Th>
            <Table.Th>{t('settings.cutoff')}</Table.Th>
            <Table.Th>{t('settings.holidays')}</Table.Th>
            <Table.Th ta="right">{t('stock.leadTime')}</Table.Th>
            <Table.Th>{t('settings.digestAt')}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(list.data?.items ?? []).map((w) => (
          <Table.Tr key={w.code} data-testid="warehouse-row" data-code={w.code}>
            <Table.Td fw={700}>{w.code}</Table.Td>
            <Table.Td data-testid="warehouse-name">{w.name}</Table.Td>
            <Table.Td data-testid="warehouse-location">
              {[w.state, w.postalCode, w.country].filter(Boolean).join(', ')}
            </Table.Td>
            <Table.Td>
              <Text size="sm" title={w.timeZone}>
                {f.zone(w.timeZone)}
              </Text>
              <Text size="xs" c="dimmed">
                {f.clock(new Date(now), w.timeZone)}
              </Text>
            </Table.Td>
            <Table.Td>{w.cutoff}</Table.Td>
            <Table.Td>
              {t(`settings.calendars.${w.holidayCalendar}`, { defaultValue: w.holidayCalendar })}
            </Table.Td>
            <Table.Td ta="right">{t('stock.days', { n: f.number(w.leadTimeDays) })}</Table.Td>
            <Table.Td data-testid="warehouse-digest-at">
              {w.digestAt ? `${w.digestAt} ${f.zone(w.timeZone)}` : t('settings.digestOff')}
            </Table.Td>
            <Table.Td ta="right">
              {canAdmin && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setEditing(w.code)}
                  data-testid="warehouse-edit"
                >
                  {t('common.edit')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </SettingsPanel>
      {editing && (
        <WarehouseForm
          code={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** Edits with the ETag it read: a change made meanwhile by someone else is not overwritten (412). */
function WarehouseForm({
  code,
  onClose,
  onSaved,
}: {
  code: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(
    code
      ? null
      : {
          code: '',
          name: '',
          country: 'US',
          state: '',
          postalCode: '',
          timeZone: 'America/Chicago',
          cutoff: '15:00',
          holidayCalendar: 'US-federal',
          leadTimeDays: 14,
          digestAt: null,
        },
  );
  const [etag, setEtag] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const fields = useFieldErrors(
    {
      name: t('settings.name'),
      cutoff: t('settings.cutoff'),
      leadTimeDays: t('stock.leadTime'),
      digestAt: t('settings.digestAt'),
    },
    { leadTimeDays: draft ? numberProblem(draft.leadTimeDays, numberRules.leadTimeDays) : null },
    submitted,
    error,
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    if (!code) return;
    let live = true;
    requestFull<Warehouse>(`/warehouses/${encodeURIComponent(code)}`)
      .then((r) => {
        if (!live) return;
        const { id: _id, version: _v, ...rest } = r.data;
        setDraft({ ...rest, state: rest.state ?? '', postalCode: rest.postalCode ?? '' });
        setEtag(r.headers.get('ETag'));
        setStale(false);
      })
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [code, version]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => (d ? { ...d, [key]: value } : d));

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!draft || !fields.valid) return;
    void run(async () => {
      // An emptied state or postal code is sent as null, so the edit clears it (undefined would leave it).
      const body = {
        ...draft,
        state: draft.state?.trim() || null,
        postalCode: draft.postalCode?.trim() || null,
        leadTimeDays: Number(draft.leadTimeDays),
        // Emptied: no digest.
        digestAt: draft.digestAt?.trim() || null,
      };
      try {
        if (code) {
          const { code: _c, ...changes } = body;
          await api.patch(
            `/warehouses/${encodeURIComponent(code)}`,
            changes,
            etag ? { 'If-Match': etag } : {},
          );
        } else {
          await api.post('/warehouses', body);
        }
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
      title={code ? t('settings.editWarehouse', { code }) : t('settings.addWarehouse')}
      size="lg"
      centered
    >
      {!draft && !error && <Text>{t('common.loading')}</Text>}
      {draft && (
        <form onSubmit={submit} data-testid="warehouse-form">
          <Stack gap="sm">
            {stale && <StaleWarning onReload={() => setVersion((v) => v + 1)} />}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('settings.code')}
                required
                disabled={code !== null}
                value={draft.code}
                onChange={(e) => set('code', e.currentTarget.value.toUpperCase())}
              />
              <TextInput
                label={t('settings.name')}
                required
                value={draft.name}
                onChange={(e) => set('name', e.currentTarget.value)}
                error={fields.errors.name}
                data-testid="warehouse-form-name"
              />
              <TextInput
                label={t('settings.country')}
                required
                maxLength={2}
                value={draft.country}
                onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
              />
              <TextInput
                label={t('settings.state')}
                value={draft.state ?? ''}
                onChange={(e) => set('state', e.currentTarget.value)}
                data-testid="warehouse-form-state"
              />
              <TextInput
                label={t('settings.postalCode')}
                description={t('settings.postalCodeHint')}
                value={draft.postalCode ?? ''}
                onChange={(e) => set('postalCode', e.currentTarget.value)}
                data-testid="warehouse-form-postal-code"
              />
              <Select
                label={t('settings.timeZone')}
                description={t('settings.timeZoneHint')}
                searchable
                required
                allowDeselect={false}
                data={zones}
                value={draft.timeZone}
                onChange={(v) => v && set('timeZone', v)}
              />
              <TextInput
                label={t('settings.cutoff')}
                description={t('settings.cutoffHint')}
                required
                pattern="^([01]\d|2[0-3]):[0-5]\d$"
                placeholder="16:00"
                value={draft.cutoff}
                onChange={(e) => set('cutoff', e.currentTarget.value)}
                error={fields.errors.cutoff}
              />
              <Select
                label={t('settings.holidays')}
                description={t('settings.holidaysHint')}
                allowDeselect={false}
                data={calendars.map((c) => ({ value: c, label: t(`settings.calendars.${c}`) }))}
                value={draft.holidayCalendar}
                onChange={(v) => v && set('holidayCalendar', v as HolidayCalendar)}
              />
              <NumberInput
                label={t('stock.leadTime')}
                description={t('settings.leadTimeHint')}
                // Kept as typed and refused with the range, never stripped or clamped.
                allowDecimal
                allowNegative
                clampBehavior="none"
                value={draft.leadTimeDays}
                onChange={(v) => set('leadTimeDays', v)}
                error={fields.errors.leadTimeDays}
                data-testid="warehouse-form-lead-time"
              />
              <TextInput
                label={t('settings.digestAt')}
                description={t('settings.digestAtHint')}
                pattern="^([01]\d|2[0-3]):[0-5]\d$"
                placeholder="07:00"
                value={draft.digestAt ?? ''}
                onChange={(e) => set('digestAt', e.currentTarget.value)}
                error={fields.errors.digestAt}
                data-testid="warehouse-form-digest-at"
              />
            </SimpleGrid>
            <FormActions
              error={error}
              busy={busy}
              shown={fields.shown}
              onCancel={onClose}
              submitLabel={t('common.save')}
              submitTestId="warehouse-save"
              disabled={stale}
            />
          </Stack>
        </form>
      )}
      {!draft && <ErrorNotice error={error} />}
    </Modal>
  );
}
