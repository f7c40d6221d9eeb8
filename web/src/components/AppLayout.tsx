import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation } from 'react-router';
import type { Page } from '../api';
import type { AlertItem } from '../apiModels';
import { useAuth, useMe } from '../auth';
import { useLiveStatus } from '../useEvents';
import { useResource } from '../useResource';
import {
  AlertsIcon,
  BridgeIcon,
  ComplianceIcon,
  CostIcon,
  InventoryIcon,
  OrdersIcon,
  OverviewIcon,
  PlanningIcon,
  ReadinessIcon,
  SettingsIcon,
} from './icons';
import { LanguageSwitcher } from './LanguageSwitcher';

const pages = [
  { path: '/', key: 'overview', icon: OverviewIcon },
  { path: '/compliance', key: 'compliance', icon: ComplianceIcon },
  { path: '/inventory', key: 'inventory', icon: InventoryIcon },
  { path: '/planning', key: 'planning', icon: PlanningIcon },
  { path: '/orders', key: 'orders', icon: OrdersIcon },
  { path: '/alerts', key: 'alerts', icon: AlertsIcon },
  { path: '/readiness', key: 'readiness', icon: ReadinessIcon },
  { path: '/cost', key: 'cost', icon: CostIcon },
  { path: '/settings', key: 'settings', icon: SettingsIcon },
] as const;

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const me = useMe();
  const { logout } = useAuth();
  const live = useLiveStatus();
  const openAlerts = useResource<Page<AlertItem>>('/alerts', {
    query: { state: 'open', limit: 100 },
    events: ['alerts'],
  });
  const alertCount = openAlerts.data?.items.length ?? 0;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Group gap={6} wrap="nowrap" c="indigo.7">
              <BridgeIcon />
              <Text fw={700} size="lg">
                Puente
              </Text>
            </Group>
            <Text c="dimmed" size="sm" truncate visibleFrom="xs" data-testid="org-name">
              {me.organization.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={t(`shell.live.${live}`)}>
              <Badge
                variant="dot"
                color={live === 'open' ? 'teal' : live === 'connecting' ? 'yellow' : 'gray'}
                visibleFrom="sm"
                data-testid="live-status"
              >
                {t('shell.liveLabel')}
              </Badge>
            </Tooltip>
            <Group visibleFrom="sm">
              <LanguageSwitcher />
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu" aria-label={t('shell.account')}>
                  <Group gap={6} wrap="nowrap">
                    <Stack gap={0} align="flex-end">
                      <Text size="sm" fw={500} lh={1.2} truncate maw={160}>
                        {me.user.name || me.user.email}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2} data-testid="user-role">
                        {t(`roles.${me.user.role}`)}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <Menu.Item component={RouterLink} to="/settings?tab=me" data-testid="my-notifications-link">
                  {t('myNotify.title')}
                </Menu.Item>
                <Menu.Item data-testid="logout" onClick={() => void logout()}>
                  {t('shell.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          {pages.map(({ path, key, icon: Icon }) => (
            <NavLink
              key={path}
              component={RouterLink}
              to={path}
              end={path === '/'}
              data-testid={`nav-${key}`}
              label={t(`nav.${key}`)}
              leftSection={<Icon />}
              active={path === '/' ? location.pathname === '/' : location.pathname.startsWith(path)}
              onClick={close}
              rightSection={
                key === 'alerts' && alertCount > 0 ? (
                  <Badge size="sm" color="red" circle={alertCount < 10} data-testid="nav-alerts-count">
                    {alertCount > 99 ? '99+' : alertCount}
                  </Badge>
                ) : null
              }
              styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" pt="sm">
          <Stack gap="xs">
            <LanguageSwitcher size="sm" testId="language-switcher-mobile" />
            <Button variant="default" onClick={() => void logout()}>
              {t('shell.logout')}
            </Button>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">{children}</AppShell.Main>
    </AppShell>
  );
}
