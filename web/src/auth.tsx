import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from './api';
import type { Me, Role, UiLanguage, User } from './apiModels';
import { changeLanguage, storedLanguage } from './i18n';

/** Who is signed in to the dashboard: always a user (GET /auth/me has none only for an API token). */
export type SignedIn = Me & { user: User };

type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: SignedIn };

interface AuthContextValue {
  state: AuthState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Changes the UI language, remembers it here and, when signed in, on the server. */
  setLanguage(lang: UiLanguage): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const adopt = useCallback((me: Me) => {
    const { user } = me;
    if (!user) return setState({ status: 'anonymous' });
    setCsrfToken(me.csrfToken);
    // The language saved with the account follows the user from device to device.
    if (user.locale) void changeLanguage(user.locale);
    setState({ status: 'signed-in', me: { ...me, user } });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
    const controller = new AbortController();
    api
      .get<Me>('/auth/me', undefined, controller.signal)
      .then(adopt)
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setState({ status: 'anonymous' });
      });
    return () => controller.abort();
  }, [adopt]);

  const login = useCallback(
    async (email: string, password: string) => {
      const result = await api.post<{ user: User; csrfToken: string }>('/auth/login', { email, password });
      setCsrfToken(result.csrfToken);
      const me = await api.get<Me>('/auth/me');
      // A language picked on the login screen, before the account had one, is kept.
      const chosen = storedLanguage();
      if (me.user && !me.user.locale && chosen) {
        api.patch('/auth/me', { locale: chosen }).catch(() => {});
        adopt({ ...me, user: { ...me.user, locale: chosen } });
      } else adopt(me);
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
    }
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const setLanguage = useCallback(
    async (lang: UiLanguage) => {
      await changeLanguage(lang);
      if (state.status !== 'signed-in') return;
      const { user } = await api.patch<{ user: User }>('/auth/me', { locale: lang });
      setState((s) =>
        s.status === 'signed-in' ? { ...s, me: { ...s.me, user: { ...s.me.user, ...user } } } : s,
      );
    },
    [state.status],
  );

  const value = useMemo(() => ({ state, login, logout, setLanguage }), [state, login, logout, setLanguage]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for components rendered behind the login screen. */
export function useMe(): SignedIn {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe while not signed in');
  return state.me;
}

export interface Permissions {
  role: Role;
  /** Stock, orders, alerts, catalog checks. */
  canOperate: boolean;
  /** Users, tokens and settings. */
  canAdmin: boolean;
}

export function usePermissions(): Permissions {
  const { user } = useMe();
  return {
    role: user.role,
    canOperate: user.role === 'owner' || user.role === 'operator',
    canAdmin: user.role === 'owner',
  };
}
