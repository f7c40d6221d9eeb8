import { Alert, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { API, ApiError, api } from '../api';
import { useMe } from '../auth';
import { ErrorNotice } from '../components/ErrorNotice';
import { useFormat } from '../format';

interface ApiErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

interface PickGroup {
  warehouse: string;
  sku: string;
  title: string;
  totalQuantity: number;
  orders: { orderId: string; externalId: string; storefront: string; quantity: number }[];
}

interface PickList {
  generatedAt: string;
  groups: PickGroup[];
  orders: number;
  units: number;
  leftOut: { id: string; externalId: string | null; storefront: string | null; reason: string }[];
}

/**
 * What a picker needs on paper, and nothing else: the page is outside the dashboard's frame, and
 * its buttons are hidden when printed.
 */
const printCss = `
@media print {
  @page { margin: 12mm; }
  body { background: #fff !important; }
  .pick-no-print { display: none !important; }
  .pick-sheet table { page-break-inside: auto; }
  .pick-sheet tr { page-break-inside: avoid; }
  .pick-sheet th, .pick-sheet td { border: 1px solid #999 !important; }
}`;

/** The name the server gave the download (RFC 5987 `filename*`), else a plain one. */
function fileNameOf(disposition: string | null): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return disposition?.match(/filename="([^"]+)"/)?.[1] ?? 'pick-list.csv';
}

/**
 * The pick list of the orders selected on the dispatch queue: by warehouse, one line per SKU with
 * the total to take and the orders it goes to, a box to tick; printable, or as CSV.
 */
export default function PickListPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const orderIds = ((location.state as { orderIds?: string[] } | null)?.orderIds ?? []).filter(
    (id) => typeof id === 'string',
  );
  const key = orderIds.join(',');
  const [list, setList] = useState<PickList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    if (!key) return;
    api
      .post<PickList>('/pick-list', { orderIds: key.split(',') })
      .then(setList)
      .catch(setError);
  }, [key]);

  async function downloadCsv() {
    setDownloading(true);
    setError(null);
    try {
      const response = await fetch(`${API}/pick-list/csv`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken ?? '' },
        body: JSON.stringify({ orderIds, lang: i18n.language }),
      });
      if (!response.ok) {
        const e = ((await response.json().catch(() => null)) as { error?: ApiErrorBody } | null)?.error;
        throw new ApiError(
          response.status,
          e?.code ?? `HTTP_${response.status}`,
          e?.message ?? '',
          e?.details,
        );
      }
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(response.headers.get('content-disposition'));
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(err);
    } finally {
      setDownloading(false);
    }
  }

  const warehouses = [...new Set(list?.groups.map((g) => g.warehouse) ?? [])];

  return (
    <Stack gap="md" p="lg" maw={1100} mx="auto" className="pick-sheet" data-testid="pick-list">
      <style>{printCss}</style>
      <Group justify="space-between" className="pick-no-print">
        <Button variant="default" onClick={() => navigate('/orders')} data-testid="pick-back">
          {t('pickList.back')}
        </Button>
        <Group gap="xs">
          <Button
            variant="default"
            onClick={downloadCsv}
            loading={downloading}
            disabled={!list}
            data-testid="pick-csv"
          >
            {t('pickList.csv')}
          </Button>
          <Button onClick={() => window.print()} disabled={!list} data-testid="pick-print">
            {t('pickList.print')}
          </Button>
        </Group>
      </Group>
      <div>
        <Title order={2}>
          {t('pickList.title')} · {me.organization.name}
        </Title>
        {list && (
          <Text size="sm" c="dimmed" data-testid="pick-summary">
            {t('pickList.made', { time: t('time.inYourTime', { text: f.yourInstant(list.generatedAt) }) })} ·{' '}
            {t('pickList.summary', {
              orders: f.number(list.orders),
              skus: f.number(list.groups.length),
              units: f.number(list.units),
            })}
          </Text>
        )}
      </div>
      <ErrorNotice error={error} />
      {!key && <Alert color="yellow">{t('pickList.empty')}</Alert>}
      {key && !list && !error && <Loader />}
      {list && (
        <>
          <Text size="xs" c="dimmed" data-testid="pick-no-bins">
            {t('pickList.noBins')}
          </Text>
          {warehouses.map((code) => (
            <Stack key={code} gap={4} data-testid="pick-warehouse" data-warehouse={code}>
              <Title order={4}>
                {t('common.warehouse')} {code}
              </Title>
              <Table withTableBorder withColumnBorders verticalSpacing={6}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('common.sku')}</Table.Th>
                    <Table.Th>{t('common.title')}</Table.Th>
                    <Table.Th ta="right">{t('pickList.total')}</Table.Th>
                    <Table.Th>{t('pickList.orders')}</Table.Th>
                    <Table.Th w={70}>{t('pickList.picked')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.groups
                    .filter((g) => g.warehouse === code)
                    .map((g) => (
                      <Table.Tr
                        key={g.sku}
                        data-testid="pick-row"
                        data-sku={g.sku}
                        data-total={g.totalQuantity}
                      >
                        <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                          {g.sku}
                        </Table.Td>
                        <Table.Td>{g.title}</Table.Td>
                        <Table.Td ta="right" fw={700} fz="lg">
                          {f.number(g.totalQuantity)}
                        </Table.Td>
                        <Table.Td ff="monospace" fz="sm" data-testid="pick-orders">
                          {g.orders.map((o) => `${o.externalId} ×${o.quantity}`).join('  ·  ')}
                        </Table.Td>
                        <Table.Td>
                          <div
                            style={{ width: 18, height: 18, border: '1.5px solid #555', borderRadius: 3 }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
          {list.leftOut.length > 0 && (
            <Text size="sm" data-testid="pick-left-out">
              {t('pickList.leftOut')}{' '}
              {list.leftOut
                .map((o) => `${o.externalId ?? o.id} (${t(`pickList.reason.${o.reason}`)})`)
                .join(', ')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
