import { Badge, Button, Card, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckJob, CheckResult, PolicyDocument, Verdict } from '../apiModels';
import { verdicts } from '../apiModels';
import { useFormat } from '../format';
import { usePagedList } from '../useResource';
import { FactBadge, VerdictBadge, verdictColor } from './badges';
import { FilterSelect } from './FilterSelect';
import { ListCard } from './ListCard';
import { ScrollTable } from './ScrollTable';

const gradeColor = { A: 'teal', B: 'yellow', C: 'red' } as const;

/** The summary of a finished check and its rows, filtered and paged by the server. */
export function CheckResults({ check, policy }: { check: CheckJob; policy: PolicyDocument | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [verdict, setVerdict] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const summary = check.summary;
  const facts = policy?.facts ?? {};
  // A category the policy does not list ("unlisted") is named as such, never shown as an id.
  const categoryName = (id: string) =>
    policy ? (policy.categories?.find((c) => c.id === id)?.name[f.apiLang] ?? t('compliance.unlisted')) : '';

  const results = usePagedList<CheckResult>(`/checks/${encodeURIComponent(check.id)}/results`, {
    query: { verdict, category, reason, lang: f.apiLang },
    limit: 50,
  });

  const present = Object.keys(summary?.categories ?? {});
  const categoryIds = present.length ? present : [...(policy?.categories ?? []).map((c) => c.id), 'unlisted'];
  const categoryOptions = categoryIds.map((id) => ({
    value: id,
    label:
      id === 'unlisted'
        ? t('compliance.unlisted')
        : `${categoryName(id)}${summary?.categories[id] ? ` · ${f.number(summary.categories[id])}` : ''}`,
  }));
  const reasonCodes = (summary?.top_reasons ?? []).map((r) => r.code);

  return (
    <Stack gap="md">
      {summary && (
        <Card withBorder radius="md" data-testid="check-summary" data-check-id={check.id}>
          <Group justify="space-between" align="flex-start">
            <Stack gap="xs">
              <Text fw={600}>
                {t('compliance.summaryTitle', { file: check.fileName, total: f.number(summary.rows) })}
              </Text>
              <Group gap="xs">
                {verdicts.map((v) => (
                  <Badge
                    key={v}
                    size="lg"
                    color={verdictColor[v]}
                    variant={verdict === v ? 'filled' : 'light'}
                    style={{ cursor: 'pointer' }}
                    onClick={() => setVerdict(verdict === v ? null : v)}
                    data-testid={`summary-${v}`}
                  >
                    {t(`verdicts.${v}`)}: {f.number(summary.verdicts[v])}
                  </Badge>
                ))}
              </Group>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {t('compliance.fitGrades')}
                </Text>
                {(['A', 'B', 'C'] as const).map((g) => (
                  <Badge key={g} color={gradeColor[g]} variant="outline">
                    {g}: {f.number(summary.fit_grades[g])}
                  </Badge>
                ))}
              </Group>
              {reasonCodes.length > 0 && (
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    {t('compliance.topReasons')}
                  </Text>
                  {summary.top_reasons.map(({ code, count: n }) => (
                    <Badge
                      key={code}
                      variant={reason === code ? 'filled' : 'default'}
                      color="gray"
                      style={{ cursor: 'pointer' }}
                      onClick={() => setReason(reason === code ? null : code)}
                    >
                      {t(`reasons.${code}`, { defaultValue: code })}: {f.number(n)}
                    </Badge>
                  ))}
                </Group>
              )}
            </Stack>
            <Group gap="xs">
              {(['xlsx', 'csv'] as const).map((format) => (
                <Button
                  key={format}
                  component="a"
                  variant={format === 'xlsx' ? 'light' : 'default'}
                  href={`/api/v1/checks/${encodeURIComponent(check.id)}/export.${format}?lang=${f.apiLang}`}
                  download
                  data-testid={`export-${format}`}
                >
                  {t(format === 'xlsx' ? 'compliance.exportXlsx' : 'compliance.exportCsv')}
                </Button>
              ))}
            </Group>
          </Group>
        </Card>
      )}

      <ListCard
        list={results}
        empty={t('compliance.noResults')}
        loadMoreTestId="load-more"
        filters={
          <>
            <FilterSelect
              label={t('compliance.filterVerdict')}
              w={190}
              value={verdict}
              onChange={setVerdict}
              data={verdicts.map((v) => ({ value: v, label: t(`verdicts.${v}`) }))}
              data-testid="filter-verdict"
            />
            <FilterSelect
              label={t('compliance.filterCategory')}
              searchable
              w={260}
              value={category}
              onChange={setCategory}
              data={categoryOptions}
              data-testid="filter-category"
            />
            <FilterSelect
              label={t('compliance.filterReason')}
              w={240}
              value={reason}
              onChange={setReason}
              data={(reasonCodes.length
                ? reasonCodes
                : Object.keys(t('reasons', { returnObjects: true }) as object)
              ).map((code) => ({ value: code, label: t(`reasons.${code}`, { defaultValue: code }) }))}
              data-testid="filter-reason"
            />
          </>
        }
      >
        <ScrollTable
          minWidth={900}
          striped
          highlightOnHover
          verticalSpacing="xs"
          data-testid="results-table"
          head={
            <>
              <Table.Th w={60}>{t('compliance.row')}</Table.Th>
              <Table.Th>{t('common.sku')}</Table.Th>
              <Table.Th>{t('common.title')}</Table.Th>
              <Table.Th miw={150}>{t('compliance.verdict')}</Table.Th>
              <Table.Th>{t('compliance.category')}</Table.Th>
              <Table.Th miw={280}>{t('compliance.reasons')}</Table.Th>
              <Table.Th>{t('compliance.fit')}</Table.Th>
              <Table.Th ta="right">{t('compliance.priceMxn')}</Table.Th>
            </>
          }
        >
          {results.items.map((r) => (
            <Table.Tr key={r.row} data-testid="result-row" data-verdict={r.verdict}>
              <Table.Td c="dimmed">{r.row}</Table.Td>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {r.sku}
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" lineClamp={2}>
                  {r.title}
                </Text>
              </Table.Td>
              <Table.Td>
                <VerdictBadge verdict={r.verdict as Verdict} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.category ? categoryName(r.category) : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  {r.reasons.length === 0 && (
                    <Text size="sm" c="dimmed">
                      {t('compliance.noReason')}
                    </Text>
                  )}
                  {r.reasons.map((reason) => (
                    <Group key={`${reason.code}|${reason.message}`} gap={6} wrap="nowrap" align="flex-start">
                      {reason.fact && <FactBadge fact={reason.fact} text={facts[reason.fact]} />}
                      <Text size="sm">{reason.message}</Text>
                    </Group>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Tooltip label={r.fit.reason} multiline w={280} disabled={!r.fit.reason}>
                  <Badge color={gradeColor[r.fit.grade]} variant="light">
                    {r.fit.grade}
                  </Badge>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {r.priceMxn === null ? '—' : f.money({ minor: r.priceMxn, currency: 'MXN' })}
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      </ListCard>
    </Stack>
  );
}
