import {
  Alert,
  Anchor,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CostSkuList, RouteCost, SkuCost } from '../apiModels';
import { CostWaterfall } from '../components/cost/CostWaterfall';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { ScrollTable } from '../components/ScrollTable';
import { useFormat } from '../format';
import { useResource } from '../useResource';

/**
 * Which route leaves the seller more money, and how fast (issue 14, [P2]): a SKU's landed cost from
 * a US warehouse, direct from China and from a Mexican warehouse, with the rules and their sources.
 */
export default function CostPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const skus = useResource<CostSkuList>('/cost/skus');
  const sku = params.get('sku') ?? skus.data?.items[0]?.sku ?? null;
  const [date, setDate] = useState('');
  const [quantity, setQuantity] = useState<string | number>(1);
  const [rfc, setRfc] = useState<'with' | 'without'>('with');
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
  const cost = useResource<SkuCost>(sku ? `/cost/skus/${encodeURIComponent(sku)}` : null, {
    query: { rfc, quantity: Number(quantity) || 1, ...(validDate ? { date: validDate } : {}) },
  });
  const mxn = (minor: number) => f.money({ minor: minor, currency: 'MXN' });
  const data = cost.data;

  return (
    <Stack gap="md">
      <PageHeader title={t('cost.title')} description={t('cost.description')} />
      <Card withBorder>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('common.sku')}
            data-testid="cost-sku"
            searchable
            w={320}
            data={(skus.data?.items ?? []).map((s) => ({ value: s.sku, label: `${s.sku} · ${s.title}` }))}
            value={sku}
            onChange={(v) => v && setParams({ sku: v })}
          />
          <NumberInput
            label={t('cost.quantity')}
            min={1}
            max={1000}
            w={110}
            value={quantity}
            onChange={setQuantity}
          />
          <TextInput
            label={t('cost.date')}
            placeholder="YYYY-MM-DD"
            w={150}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            data-testid="cost-date"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('cost.rfc')}
            </Text>
            <SegmentedControl
              value={rfc}
              onChange={(v) => setRfc(v as 'with' | 'without')}
              data={[
                { value: 'with', label: t('cost.rfcWith') },
                { value: 'without', label: t('cost.rfcWithout') },
              ]}
            />
          </Stack>
        </Group>
      </Card>
      {skus.data && skus.data.items.length === 0 && <Alert>{t('cost.noSkus')}</Alert>}
      {cost.error && <ErrorNotice error={cost.error} />}
      {data && (
        <>
          <Text size="sm" c="dimmed" data-testid="cost-fx">
            {data.fx.earlier
              ? t('cost.fxEarlier', {
                  pair: data.fx.pair,
                  rate: data.fx.rate,
                  date: data.fx.date,
                  wanted: data.fx.requestedDate,
                })
              : t('cost.fx', { pair: data.fx.pair, rate: data.fx.rate, date: data.fx.date })}
          </Text>
          {data.claim && (
            <Alert
              color={data.claim.daysClaimMet && data.claim.costClaimMet ? 'teal' : 'yellow'}
              data-testid="cost-claim"
            >
              {t('cost.claim', {
                days: data.claim.daysFaster,
                logistics: f.number(data.claim.logisticsCheaperPercent, 1),
                landed: f.number(data.claim.landedCheaperPercent, 1),
              })}{' '}
              {data.claim.daysClaimMet && data.claim.costClaimMet ? t('cost.claimMet') : t('cost.claimShort')}
            </Alert>
          )}
          {data.noCostAdvantage && (
            <Alert color="red" data-testid="cost-no-advantage">
              {t('cost.noAdvantage', { detail: data.noCostAdvantage })}
            </Alert>
          )}
          <Card withBorder p={0}>
            <ScrollTable
              minWidth={900}
              striped
              data-testid="cost-table"
              head={[
                'route',
                'customsValue',
                'band',
                'dutyRate',
                'goods',
                'freight',
                'duty',
                'fees',
                'platform',
                'landed',
                'perUnit',
                'margin',
                'days',
              ].map((c) => <Table.Th key={c}>{t(`cost.col.${c}`)}</Table.Th>)}
            >
              {data.routes.map((r) => (
                <Table.Tr key={r.route} data-testid={`cost-row-${r.route}`}>
                  <Table.Td>{t(`cost.routes.${r.route}`)}</Table.Td>
                  <Table.Td>
                    {f.money({ minor: Math.round(r.customsValueUsd * 100), currency: 'USD' })}
                  </Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      fw={500}
                      c={r.dutyRate === 0 ? 'teal.8' : r.dutyRate < 0.2 ? 'yellow.9' : 'red.8'}
                    >
                      {t(`cost.bands.${r.band}`, { defaultValue: r.band })}
                    </Text>
                  </Table.Td>
                  <Table.Td data-testid={`cost-rate-${r.route}`}>{f.percent(r.dutyRate)}</Table.Td>
                  <Table.Td>{mxn(r.goodsMinor)}</Table.Td>
                  <Table.Td>{mxn(r.freightMinor)}</Table.Td>
                  <Table.Td>{mxn(r.dutyMinor)}</Table.Td>
                  <Table.Td>{mxn(r.feesMinor)}</Table.Td>
                  <Table.Td>{mxn(r.platformMinor)}</Table.Td>
                  <Table.Td fw={600}>{mxn(r.landedCostMinor)}</Table.Td>
                  <Table.Td>{mxn(r.landedCostPerUnitMinor)}</Table.Td>
                  <Table.Td c={r.marginMinor >= 0 ? undefined : 'red'}>{mxn(r.marginMinor)}</Table.Td>
                  <Table.Td>{r.transitDays}</Table.Td>
                </Table.Tr>
              ))}
            </ScrollTable>
          </Card>
          {data.leftOut.map((l) => (
            <Alert key={l.route} color="gray">
              {t('cost.leftOut', {
                route: t(`cost.routes.${l.route}`),
                why: t(`cost.leftOutWhy.${l.reason.key}`, { ...l.reason.params }),
              })}
            </Alert>
          ))}
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {data.routes.map((r) => (
              <RouteCard key={r.route} cost={r} split={r.split} />
            ))}
          </SimpleGrid>
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('cost.rules')}
            </Title>
            <ScrollTable
              minWidth={900}
              data-testid="cost-rules"
              head={
                <>
                  <Table.Th>{t('cost.col.rule')}</Table.Th>
                  <Table.Th>{t('cost.col.validFrom')}</Table.Th>
                  <Table.Th>{t('cost.col.source')}</Table.Th>
                </>
              }
            >
              {[...new Map(data.routes.flatMap((r) => r.rules.map((x) => [x.id, x] as const))).values()].map(
                (rule) => (
                  <Table.Tr key={rule.id}>
                    <Table.Td>
                      <code>{rule.id}</code>
                    </Table.Td>
                    <Table.Td>{rule.validFrom}</Table.Td>
                    <Table.Td>
                      <Sources text={rule.source} />
                    </Table.Td>
                  </Table.Tr>
                ),
              )}
            </ScrollTable>
            <Text size="xs" c="dimmed" mt="xs">
              {t('cost.rulesNote')}
            </Text>
          </Card>
        </>
      )}
    </Stack>
  );
}

function RouteCard({ cost, split }: { cost: RouteCost; split: SkuCost['routes'][number]['split'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card withBorder data-testid={`cost-route-${cost.route}`}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t(`cost.routes.${cost.route}`)}</Text>
        <Text size="sm" c="dimmed">
          {t('cost.daysShort', { days: cost.transitDays })}
        </Text>
      </Group>
      <CostWaterfall cost={cost} />
      <Text size="xs" c="dimmed">
        {t('cost.cards', { cards: cost.rateCards.join(', ') })}
      </Text>
      {split && (
        <Alert color="teal" mt="xs" data-testid={`cost-split-${cost.route}`}>
          {t('cost.split', {
            parcels: split.parcels.length,
            saves: f.money({ minor: split.savesMinor, currency: 'MXN' }),
          })}
        </Alert>
      )}
      {cost.warnings.map((w) => (
        <Text key={w} size="xs" c="orange.8" mt={4}>
          {t(`cost.warnings.${w}`)}
        </Text>
      ))}
    </Card>
  );
}

/** "[S30] https://… ; [S31] https://…" with the addresses as links. */
function Sources({ text }: { text: string }) {
  // Each piece keyed by where it starts in the text: stable, and unique.
  let at = 0;
  const pieces = text.split(/(https?:\/\/\S+)/).map((part) => {
    const piece = { part, at };
    at += part.length;
    return piece;
  });
  return (
    <Text size="xs">
      {pieces.map(({ part, at: key }) =>
        /^https?:\/\//.test(part) ? (
          <Anchor key={key} href={part} target="_blank" rel="noreferrer" size="xs">
            {part.replace(/^https?:\/\//, '').slice(0, 48)}
          </Anchor>
        ) : (
          <span key={key}>{part}</span>
        ),
      )}
    </Text>
  );
}
