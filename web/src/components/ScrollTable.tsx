import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table that scrolls sideways when narrower than `minWidth`: the header cells in `head`, the rows as children. */
export function ScrollTable({
  minWidth,
  head,
  children,
  ...props
}: TableProps & { minWidth: number; head: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...props}>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
