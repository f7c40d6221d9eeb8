import { Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';

/** What the footer reads of a `usePagedList`. */
export interface PagedList {
  items: readonly unknown[];
  loading: boolean;
  nextCursor: string | null;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
}

/** Below a paged table: `empty` when nothing matched, then "N shown" and, while there is more, "Load more". */
export function ListFooter({
  list,
  empty,
  loadMoreTestId,
}: {
  list: PagedList;
  empty: ReactNode;
  loadMoreTestId?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      {!list.loading && list.items.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          {empty}
        </Text>
      )}
      <Group justify="space-between" p="md">
        <Text size="sm" c="dimmed">
          {t('common.shown', { n: f.number(list.items.length) })}
        </Text>
        {list.nextCursor && (
          <Button
            variant="default"
            onClick={() => void list.loadMore()}
            loading={list.loadingMore}
            data-testid={loadMoreTestId}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Group>
    </>
  );
}
