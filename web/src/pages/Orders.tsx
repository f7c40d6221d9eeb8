import { Button, Stack, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Storefront, Warehouse } from '../apiModels';
import { usePermissions } from '../auth';
import { BulkShipModal } from '../components/BulkShipModal';
import { DispatchBoard } from '../components/DispatchBoard';
import { OrdersList } from '../components/OrdersList';
import { PageHeader } from '../components/PageHeader';
import { ShipModal } from '../components/ShipModal';
import { useResource } from '../useResource';

export default function OrdersPage() {
  const { t } = useTranslation();
  const { canOperate } = usePermissions();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'board';
  const [shipping, setShipping] = useState<{ id: string; externalId: string } | null>(null);
  const [bulk, setBulk] = useState(false);
  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const storefronts = useResource<{ items: Storefront[] }>('/storefronts');
  // Bumped after a shipment so both lists refetch at once (the SSE `board` event follows anyway).
  const [refresh, setRefresh] = useState(0);
  const bump = () => setRefresh((n) => n + 1);

  return (
    <Stack gap="md">
      <PageHeader
        title={t('orders.title')}
        description={t('orders.description')}
        actions={
          canOperate && (
            <Button variant="default" onClick={() => setBulk(true)} data-testid="bulk-ship-button">
              {t('orders.bulkTitle')}
            </Button>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => setParams(v === 'all' ? { tab: 'all' } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="board" data-testid="tab-board">
            {t('orders.boardTab')}
          </Tabs.Tab>
          <Tabs.Tab value="all" data-testid="tab-all">
            {t('orders.allTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board">
          <DispatchBoard
            refresh={refresh}
            canOperate={canOperate}
            warehouses={warehouses.data?.items ?? []}
            storefronts={storefronts.data?.items ?? []}
            onShip={setShipping}
          />
        </Tabs.Panel>
        <Tabs.Panel value="all">
          <OrdersList
            refresh={refresh}
            storefronts={storefronts.data?.items ?? []}
            warehouses={warehouses.data?.items ?? []}
            canOperate={canOperate}
            onShip={setShipping}
          />
        </Tabs.Panel>
      </Tabs>
      <ShipModal order={shipping} onClose={() => setShipping(null)} onShipped={bump} />
      <BulkShipModal opened={bulk} onClose={() => setBulk(false)} onDone={bump} />
    </Stack>
  );
}
