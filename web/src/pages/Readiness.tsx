import {
  Anchor,
  Badge,
  Card,
  Group,
  type MantineColor,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Readiness, ReadinessItem } from '../apiModels';
import { FactBadge } from '../components/badges';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { ApplicationsCard } from '../components/readiness/ApplicationsCard';
import { DocumentsCard } from '../components/readiness/DocumentsCard';
import { MerchantProfileCard } from '../components/readiness/MerchantProfileCard';
import { ScrollTable } from '../components/ScrollTable';
import { useFormat } from '../format';
import { useActivePolicy } from '../policyFacts';
import { useResource } from '../useResource';

const statusColor: Record<ReadinessItem['status'], MantineColor> = {
  done: 'teal',
  missing: 'gray',
  at_risk: 'red',
};

/** Where each item is put right: a page of the dashboard, or a card further down this one. */
const fixAt: Record<ReadinessItem['item'], string> = {
  merchant_eligible: '#merchant',
  catalog_checked: '/compliance',
  bestsellers_selected: '/inventory',
  core_stock_cover: '/inventory',
  invitation_documents: '#documents',
  invitation_applications: '#applications',
  storefronts_connected: '/settings?tab=storefronts',
  dispatch_rate: '/orders',
  notification_channels: '/settings?tab=notifications',
};

/** Launch readiness [P18–P19]: the checklist worked back from the launch date, and the records it reads. */
export default function ReadinessPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [launch, setLaunch] = useState('');
  const { facts } = useActivePolicy();
  const plan = useResource<Readiness>('/readiness', {
    query: { lang: f.apiLang, launch: /^\d{4}-\d{2}-\d{2}$/.test(launch) ? launch : undefined },
  });
  const data = plan.data;
  const count = (s: ReadinessItem['status']) => data?.items.filter((i) => i.status === s).length ?? 0;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('readiness.title')}
        description={t('readiness.description')}
        actions={
          <TextInput
            type="date"
            label={t('readiness.launch')}
            value={launch || data?.launch || ''}
            onChange={(e) => setLaunch(e.currentTarget.value)}
            data-testid="readiness-launch"
          />
        }
      />
      <ErrorNotice error={plan.error} />
      {data && (
        <Card withBorder padding="md">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Stack gap={2}>
              <Title order={4}>{t('readiness.checklist')}</Title>
              <Text size="sm" c="dimmed" data-testid="readiness-today">
                {t('readiness.today', { date: f.date(data.today), zone: f.zone(data.zone) })} ·{' '}
                {t(`readiness.playbooks.${data.playbook ?? 'none'}`)}
              </Text>
            </Stack>
            <Group gap="xs">
              {(['done', 'missing', 'at_risk'] as const).map((s) => (
                <Badge
                  key={s}
                  color={statusColor[s]}
                  variant="light"
                  size="lg"
                  data-testid={`readiness-count-${s}`}
                >
                  {t(`readiness.status.${s}`)}: {count(s)}
                </Badge>
              ))}
            </Group>
          </Group>
          <ScrollTable
            minWidth={860}
            verticalSpacing="sm"
            data-testid="readiness-items"
            head={
              <>
                <Table.Th>{t('readiness.status.title')}</Table.Th>
                <Table.Th>{t('readiness.item')}</Table.Th>
                <Table.Th>{t('readiness.dueBy')}</Table.Th>
                <Table.Th>{t('readiness.detail')}</Table.Th>
                <Table.Th />
              </>
            }
          >
            {data.items.map((i) => (
              <Table.Tr key={i.item} data-testid={`readiness-${i.item}`} data-status={i.status}>
                <Table.Td style={{ whiteSpace: 'nowrap', minWidth: 110 }}>
                  <Badge color={statusColor[i.status]} variant="light" style={{ overflow: 'visible' }}>
                    {t(`readiness.status.${i.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text fw={500} size="sm">
                    {t(`readiness.items.${i.item}`)}
                  </Text>
                  <Group gap={4} mt={4}>
                    {i.facts.map((fact) => (
                      <FactBadge key={fact} fact={fact} text={facts[fact]} />
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" c={i.overdue ? 'red' : undefined}>
                    {f.date(i.dueBy)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.detail}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {i.status !== 'done' &&
                    (fixAt[i.item].startsWith('#') ? (
                      <Anchor href={fixAt[i.item]} size="sm">
                        {t('readiness.fix')}
                      </Anchor>
                    ) : (
                      <Anchor component={Link} to={fixAt[i.item]} size="sm">
                        {t('readiness.fix')}
                      </Anchor>
                    ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </ScrollTable>
        </Card>
      )}
      <MerchantProfileCard onSaved={plan.reload} />
      <DocumentsCard launch={data?.launch ?? null} today={data?.today ?? null} onChange={plan.reload} />
      <ApplicationsCard onChange={plan.reload} />
    </Stack>
  );
}
