import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { LoginPage } from './pages/Login';
import { EventsProvider } from './useEvents';

// Each page is its own chunk: ECharts, for one, is loaded only with the Overview.
const OverviewPage = lazy(() => import('./pages/Overview'));
const CompliancePage = lazy(() => import('./pages/Compliance'));
const InventoryPage = lazy(() => import('./pages/Inventory'));
const OrdersPage = lazy(() => import('./pages/Orders'));
const AlertsPage = lazy(() => import('./pages/Alerts'));
const SettingsPage = lazy(() => import('./pages/Settings'));
const PlanningPage = lazy(() => import('./pages/Planning'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPassword'));
const PickListPage = lazy(() => import('./pages/PickList'));
const ReadinessPage = lazy(() => import('./pages/Readiness'));
const CostPage = lazy(() => import('./pages/Cost'));

function PageLoader() {
  return (
    <Center h={240}>
      <Loader />
    </Center>
  );
}

/** A page while its chunk loads, and what shows if it fails (PageErrorBoundary). */
function PageFrame({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <PageErrorBoundary resetKey={pathname}>
      <Suspense fallback={<PageLoader />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}

export function App() {
  const { state } = useAuth();
  const location = useLocation();

  // A reset link works signed in or not: it is its own authority (a one-time secret).
  if (location.pathname === '/reset-password')
    return (
      <PageFrame>
        <ResetPasswordPage />
      </PageFrame>
    );
  if (state.status === 'loading') return <PageLoader />;
  if (state.status === 'anonymous') {
    if (location.pathname !== '/login') {
      const next = location.pathname + location.search;
      return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
    }
    return <LoginPage />;
  }
  if (location.pathname === '/login') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next?.startsWith('/') ? next : '/'} replace />;
  }

  // The pick list prints on its own: no navigation around it.
  if (location.pathname === '/pick-list')
    return (
      <PageFrame>
        <PickListPage />
      </PageFrame>
    );

  return (
    <EventsProvider>
      <AppLayout>
        <PageFrame>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/compliance" element={<CompliancePage />} />
            <Route path="/inventory" element={<InventoryPage />} />
            <Route path="/planning" element={<PlanningPage />} />
            <Route path="/orders" element={<OrdersPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/readiness" element={<ReadinessPage />} />
            <Route path="/cost" element={<CostPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </PageFrame>
      </AppLayout>
    </EventsProvider>
  );
}
