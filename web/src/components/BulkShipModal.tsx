import { Alert, Button, Code, FileButton, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { BulkShipResult } from '../apiModels';
import { useFormat } from '../format';
import { useSubmit } from '../useSubmit';
import { ErrorNotice } from './ErrorNotice';

/** A problem's field, named as the screen names it (the API says `external_id`, a person reads 订单). */
const fieldLabels: Record<string, string> = {
  external_id: 'orders.order',
  order_id: 'orders.order',
  storefront: 'common.storefront',
  carrier: 'orders.carrier',
  tracking: 'orders.tracking',
};

/** A row of the example file: data, the same in every language. */
const EXAMPLE_ROW = 'MX-5800091,TTS-MX,Estafeta,7788123';

/** Ship many orders from a carrier's CSV (order id, storefront, carrier, tracking; the example header is in the reader's language). */
export function BulkShipModal({
  opened,
  onClose,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<BulkShipResult | null>(null);
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    if (opened) {
      setFile(null);
      setResult(null);
      setError(null);
    }
  }, [opened, setError]);

  function send() {
    if (!file) return;
    setResult(null);
    void run(async () => {
      const csv = await file.text();
      setResult(await api.post<BulkShipResult>('/orders/ship-bulk', { csv, lang: f.apiLang }));
      onDone();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('orders.bulkTitle')} size="lg" centered>
      <Stack gap="sm">
        <Text size="sm">{t('orders.bulkHint')}</Text>
        <Code block>{`${t('orders.bulkColumns')}\n${EXAMPLE_ROW}`}</Code>
        <Group>
          <FileButton
            onChange={(f) => {
              setFile(f);
              setResult(null);
            }}
            accept=".csv,text/csv"
            inputProps={{ 'data-testid': 'bulk-ship-input' } as React.ComponentProps<'input'>}
          >
            {(props) => (
              <Button variant="default" {...props}>
                {t('orders.chooseCsv')}
              </Button>
            )}
          </FileButton>
          <Text size="sm" c={file ? undefined : 'dimmed'}>
            {file ? file.name : t('orders.noFile')}
          </Text>
        </Group>
        <ErrorNotice error={error} />
        {result && (
          <Stack gap="xs" data-testid="bulk-ship-result">
            <Alert color={result.problems.length ? 'yellow' : 'teal'} variant="light">
              {t('orders.bulkShipped', { n: f.number(result.shipped) })}
              {result.problems.length > 0 &&
                ` ${t('orders.bulkProblems', { n: f.number(result.problems.length) })}`}
            </Alert>
            {result.problems.length > 0 && (
              <Table withTableBorder fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('orders.csvRow')}</Table.Th>
                    <Table.Th>{t('orders.csvField')}</Table.Th>
                    <Table.Th>{t('orders.problem')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.problems.map((p) => (
                    <Table.Tr key={`${p.row}|${p.field}|${p.message}`}>
                      <Table.Td>{p.row}</Table.Td>
                      <Table.Td>
                        {p.field ? t(fieldLabels[p.field] ?? '', { defaultValue: p.field }) : '—'}
                      </Table.Td>
                      <Table.Td>{p.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button onClick={send} disabled={!file} loading={busy} data-testid="bulk-ship-submit">
            {t('orders.bulkSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
