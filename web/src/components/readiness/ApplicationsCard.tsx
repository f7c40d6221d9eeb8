import { Badge, Button, Card, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api';
import type { InvitationApplication } from '../../apiModels';
import { usePermissions } from '../../auth';
import { useFormat } from '../../format';
import { useActivePolicy } from '../../policyFacts';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice } from '../ErrorNotice';
import { ScrollTable } from '../ScrollTable';

const statuses = ['applied', 'approved', 'declined'] as const;
const statusColor = { applied: 'blue', approved: 'teal', declined: 'red' } as const;

/** Applications to the account manager for invitation categories [P6], one row per category. */
export function ApplicationsCard({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { canOperate } = usePermissions();
  const { policy } = useActivePolicy();
  const list = useResource<{ items: InvitationApplication[] }>('/applications');
  const [edits, setEdits] = useState<Record<string, { status: string | null; appliedOn: string }>>({});
  const submit = useSubmit();
  const categories = policy?.categories.filter((c) => c.tier === 'invitation') ?? [];
  const byCategory = new Map((list.data?.items ?? []).map((a) => [a.category, a]));

  function save(category: string) {
    const edit = edits[category];
    if (!edit) return;
    void submit.run(async () => {
      await request(`/applications/${encodeURIComponent(category)}`, { method: 'PUT', body: edit });
      list.reload();
      onChange();
    });
  }

  return (
    <Card withBorder padding="md" id="applications" data-testid="applications">
      <Stack gap="sm">
        <Title order={4}>{t('readiness.applications.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('readiness.applications.description')}
        </Text>
        <ScrollTable
          minWidth={640}
          head={
            <>
              <Table.Th>{t('readiness.documents.category')}</Table.Th>
              <Table.Th>{t('readiness.applications.status')}</Table.Th>
              <Table.Th>{t('readiness.applications.appliedOn')}</Table.Th>
              <Table.Th />
            </>
          }
        >
          {categories.map((c) => {
            const saved = byCategory.get(c.id);
            const edit = edits[c.id] ?? {
              status: saved?.status ?? null,
              appliedOn: saved?.appliedOn ?? '',
            };
            const set = (change: Partial<typeof edit>) =>
              setEdits({ ...edits, [c.id]: { ...edit, ...change } });
            return (
              <Table.Tr key={c.id} data-testid={`application-${c.id}`}>
                <Table.Td>{c.name[f.apiLang]}</Table.Td>
                <Table.Td>
                  {canOperate ? (
                    <Select
                      data={statuses.map((s) => ({
                        value: s,
                        label: t(`readiness.applications.statuses.${s}`),
                      }))}
                      value={edit.status}
                      onChange={(v) => set({ status: v })}
                      placeholder={t('readiness.applications.notApplied')}
                      w={160}
                      aria-label={t('readiness.applications.status')}
                    />
                  ) : saved ? (
                    <Badge color={statusColor[saved.status]}>
                      {t(`readiness.applications.statuses.${saved.status}`)}
                    </Badge>
                  ) : (
                    t('readiness.applications.notApplied')
                  )}
                </Table.Td>
                <Table.Td>
                  {canOperate ? (
                    <TextInput
                      type="date"
                      value={edit.appliedOn}
                      onChange={(e) => set({ appliedOn: e.currentTarget.value })}
                      aria-label={t('readiness.applications.appliedOn')}
                    />
                  ) : (
                    f.date(saved?.appliedOn)
                  )}
                </Table.Td>
                <Table.Td>
                  {canOperate && (
                    <Button
                      size="xs"
                      variant="light"
                      disabled={!edit.status || !edit.appliedOn}
                      onClick={() => save(c.id)}
                      loading={submit.busy}
                    >
                      {t('common.save')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ScrollTable>
        <ErrorNotice error={submit.error ?? list.error} />
      </Stack>
    </Card>
  );
}
