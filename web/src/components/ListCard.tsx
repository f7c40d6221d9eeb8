import { Card, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { ListFooter, type PagedList } from './ListFooter';

/** A filtered, paged list in a card: the filters in a row on top, its error, the list, then its footer. */
export function ListCard({
  list,
  filters,
  empty,
  loadMoreTestId,
  children,
}: {
  list: PagedList & { error: unknown };
  filters: ReactNode;
  empty: ReactNode;
  loadMoreTestId?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding={0}>
      <Group p="md" gap="sm" align="flex-end">
        {filters}
      </Group>
      <ErrorNotice error={list.error} />
      {children}
      <ListFooter list={list} empty={empty} loadMoreTestId={loadMoreTestId} />
    </Card>
  );
}
