import { Badge, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyDocument } from '../../apiModels';
import { useFormat } from '../../format';
import { useActivePolicy } from '../../policyFacts';
import { ErrorNotice } from '../ErrorNotice';
import { ScrollTable } from '../ScrollTable';

const tierColor: Record<string, string> = {
  open: 'teal',
  invitation: 'yellow',
  prohibited: 'red',
  excluded: 'gray',
};

interface Rule {
  key: string;
  rule: ReactNode;
  value: ReactNode;
  fact: string | null;
  /** The fact was already quoted on an earlier row. */
  repeat?: boolean;
}

/** The active program policy, one row per rule, each with the fact it rests on and that fact's text. */
export function PolicyView() {
  const { policy, error } = useActivePolicy();
  if (error) return <ErrorNotice error={error} />;
  if (!policy) return <Skeleton h={320} />;
  return <PolicyRules policy={policy} />;
}

function PolicyRules({ policy }: { policy: PolicyDocument }) {
  const { t } = useTranslation();
  const f = useFormat();
  const facts = policy.facts ?? {};
  const name = (n: Partial<Record<'en' | 'zh' | 'es', string>>) => n[f.apiLang] ?? n.en ?? '';
  const rules: Rule[] = [];

  for (const m of policy.merchantEligibility ?? []) {
    rules.push({
      key: `m-${m.id}`,
      rule: t('policy.merchantRule', { name: name(m.name) }),
      value: t('policy.merchantValue', {
        countries: m.registeredCountries.join(', '),
        sps: m.minSps === null ? '—' : f.number(m.minSps, 1),
      }),
      fact: m.fact,
    });
  }
  for (const c of policy.categories ?? []) {
    const quals = (c.requires ?? [])
      .map((id) => policy.qualifications?.find((q) => q.id === id))
      .filter(Boolean)
      .map((q) => name(q?.name ?? {}));
    rules.push({
      key: `c-${c.id}`,
      rule: (
        <>
          {name(c.name)}{' '}
          <Text span size="xs" c="dimmed" ff="monospace">
            {c.id}
          </Text>
        </>
      ),
      value: (
        <Stack gap={2}>
          <Badge color={tierColor[c.tier] ?? 'gray'} variant="light">
            {t(`policy.tiers.${c.tier}`, { defaultValue: c.tier })}
          </Badge>
          {quals.length > 0 && <Text size="xs">{t('policy.requires', { docs: quals.join('; ') })}</Text>}
        </Stack>
      ),
      fact: c.fact,
    });
  }
  if (policy.unlisted) {
    rules.push({
      key: 'unlisted',
      rule: t('policy.unlistedRule'),
      value: <Badge color="gray">{t('policy.tiers.unlisted')}</Badge>,
      fact: policy.unlisted.fact,
    });
  }
  if (policy.caps) {
    const c = policy.caps;
    rules.push({
      key: 'cap-item',
      rule: t('policy.itemCap'),
      value: t('policy.atMost', { amount: f.money({ minor: c.itemMaxMinor, currency: c.currency }) }),
      fact: c.itemFact,
    });
    rules.push({
      key: 'cap-order',
      rule: t('policy.orderCap'),
      value: t('policy.atMost', { amount: f.money({ minor: c.orderMaxMinor, currency: c.currency }) }),
      fact: c.orderFact,
    });
  }
  if (policy.dispatch) {
    const d = policy.dispatch;
    rules.push({
      key: 'dispatch',
      rule: t('policy.dispatchRule'),
      value: t('policy.dispatchValue', {
        days: d.days,
        kind: t(`policy.dayKinds.${d.dayKind}`, { defaultValue: d.dayKind }),
        cutoff: d.cutoff,
        zone: f.zone(d.timeZone),
        calendar: t(`settings.calendars.${d.holidayCalendar}`, { defaultValue: d.holidayCalendar }),
      }),
      fact: d.fact,
    });
  }

  const quoted = new Set<string>();
  for (const r of rules) {
    if (!r.fact) continue;
    r.repeat = quoted.has(r.fact);
    quoted.add(r.fact);
  }

  return (
    <Stack gap="sm">
      <Card withBorder radius="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={4} data-testid="policy-name">
              {policy.title ? name(policy.title) : policy.name}
            </Title>
            <Text size="sm" c="dimmed">
              {t('policy.meta', {
                id: policy.id,
                version: policy.version,
                date: f.date(policy.effectiveFrom),
              })}
            </Text>
          </div>
          <Badge variant="light">{t('policy.active')}</Badge>
        </Group>
        {policy.dispatch?.note && (
          <Text size="xs" c="dimmed" mt="xs" data-testid="policy-note">
            {name(policy.dispatch.note)}
          </Text>
        )}
      </Card>
      <Card withBorder radius="md" padding={0}>
        <ScrollTable
          minWidth={760}
          verticalSpacing="sm"
          data-testid="policy-rules"
          head={
            <>
              <Table.Th w="28%">{t('policy.rule')}</Table.Th>
              <Table.Th w="24%">{t('policy.value')}</Table.Th>
              <Table.Th w={70}>{t('policy.source')}</Table.Th>
              <Table.Th>{t('policy.factText')}</Table.Th>
            </>
          }
        >
          {rules.map((r) => (
            <Table.Tr key={r.key} data-testid="policy-rule">
              <Table.Td>
                <Text size="sm">{r.rule}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="div">
                  {r.value}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.fact && (
                  <Badge variant="outline" color="indigo" size="sm">
                    {r.fact}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" lineClamp={r.repeat ? 1 : 4}>
                  {r.fact ? (r.repeat ? t('policy.sameFact', { fact: r.fact }) : (facts[r.fact] ?? '')) : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      </Card>
    </Stack>
  );
}
