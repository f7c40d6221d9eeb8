import { Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePermissions } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { MyNotifications } from '../components/settings/MyNotifications';
import { NotificationsSettings } from '../components/settings/NotificationsSettings';
import { PolicyView } from '../components/settings/PolicyView';
import { StorefrontsSettings } from '../components/settings/StorefrontsSettings';
import { TokensSettings } from '../components/settings/TokensSettings';
import { UsersSettings } from '../components/settings/UsersSettings';
import { WarehousesSettings } from '../components/settings/WarehousesSettings';

const ownerTabs = ['users', 'tokens'];

export default function SettingsPage() {
  const { t } = useTranslation();
  const { canAdmin, canOperate } = usePermissions();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') ?? 'warehouses';
  const tab = !canAdmin && ownerTabs.includes(asked) ? 'warehouses' : asked;

  return (
    <Stack gap="md">
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'warehouses' ? { tab: v } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="warehouses" data-testid="tab-warehouses">
            {t('settings.warehouses')}
          </Tabs.Tab>
          <Tabs.Tab value="storefronts" data-testid="tab-storefronts">
            {t('settings.storefronts')}
          </Tabs.Tab>
          <Tabs.Tab value="policy" data-testid="tab-policy">
            {t('settings.policy')}
          </Tabs.Tab>
          <Tabs.Tab value="notifications" data-testid="tab-notifications">
            {t('notify.title')}
          </Tabs.Tab>
          <Tabs.Tab value="me" data-testid="tab-me">
            {t('myNotify.title')}
          </Tabs.Tab>
          {canAdmin && (
            <>
              <Tabs.Tab value="users" data-testid="tab-users">
                {t('settings.users')}
              </Tabs.Tab>
              <Tabs.Tab value="tokens" data-testid="tab-tokens">
                {t('settings.tokens')}
              </Tabs.Tab>
            </>
          )}
        </Tabs.List>
        <Tabs.Panel value="warehouses">
          <WarehousesSettings canAdmin={canAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="storefronts">
          <StorefrontsSettings canAdmin={canAdmin} canOperate={canOperate} />
        </Tabs.Panel>
        <Tabs.Panel value="policy">
          <PolicyView />
        </Tabs.Panel>
        <Tabs.Panel value="notifications">
          <NotificationsSettings canAdmin={canAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="me">
          <MyNotifications />
        </Tabs.Panel>
        {canAdmin && (
          <>
            <Tabs.Panel value="users">
              <UsersSettings />
            </Tabs.Panel>
            <Tabs.Panel value="tokens">
              <TokensSettings />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </Stack>
  );
}
