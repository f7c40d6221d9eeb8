import { Anchor, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CheckJob } from '../apiModels';
import { verdicts } from '../apiModels';
import { useFormat } from '../format';
import { verdictColor } from './badges';
import { ListFooter, type PagedList } from './ListFooter';
import { ScrollTable } from './ScrollTable';

const statusColor = { queued: 'gray', running: 'indigo', done: 'teal', failed: 'red' } as const;

/**
 * The organization's earlier checks, newest first: the file, when (in the reader's zone, named),
 * its rows and verdict counts, its status. Its name opens it; the one on screen is marked.
 */
export function CheckHistory({
  list,
  openId,
  onOpen,
}: {
  list: Omit<PagedList, 'items'> & { items: CheckJob[] };
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card withBorder radius="md" padding={0} data-testid="check-history">
      <Title order={4} p="md" pb="xs">
        {t('compliance.history')}
      </Title>
      <ScrollTable
        minWidth={720}
        highlightOnHover
        verticalSpacing="xs"
        head={
          <>
            <Table.Th>{t('compliance.historyFile')}</Table.Th>
            <Table.Th>{t('compliance.historyWhen')}</Table.Th>
            <Table.Th ta="right">{t('compliance.historyRows')}</Table.Th>
            <Table.Th>{t('compliance.historyVerdicts')}</Table.Th>
            <Table.Th>{t('compliance.historyStatus')}</Table.Th>
          </>
        }
      >
        {list.items.map((job) => {
          const summary = job.status === 'done' ? job.summary : null;
          const open = job.id === openId;
          return (
            <Table.Tr
              key={job.id}
              data-testid="history-row"
              data-check-id={job.id}
              data-status={job.status}
              aria-current={open ? 'true' : undefined}
              bg={open ? 'var(--mantine-color-indigo-light)' : undefined}
            >
              <Table.Td maw={320}>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  maw="100%"
                  title={job.fileName}
                  onClick={() => onOpen(job.id)}
                  data-testid="history-open"
                  style={{
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                    display: 'block',
                  }}
                >
                  {job.fileName}
                </Anchor>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{f.yourInstant(job.createdAt)}</Text>
              </Table.Td>
              <Table.Td ta="right">{f.number(job.rowsDone)}</Table.Td>
              <Table.Td>
                {summary ? (
                  <Group gap={4} wrap="nowrap">
                    {verdicts.map((v) => (
                      <Badge
                        key={v}
                        size="sm"
                        variant="light"
                        color={verdictColor[v]}
                        title={t(`verdicts.${v}`)}
                      >
                        {t(`verdicts.${v}`)} {f.number(summary.verdicts[v])}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="dot" color={statusColor[job.status]}>
                  {t(`compliance.status.${job.status}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </ScrollTable>
      <ListFooter list={list} empty={t('compliance.historyEmpty')} loadMoreTestId="history-more" />
    </Card>
  );
}
