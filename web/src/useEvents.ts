import { createContext, createElement, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { API } from './api';

/**
 * One EventSource on /api/v1/events for the whole app. Pages subscribe to the event types they show
 * (`board`, `alerts`, `stock`) and refetch when one arrives. EventSource reconnects by itself.
 */

export type LiveEvent = 'board' | 'alerts' | 'stock';
type Listener = (type: LiveEvent, data: unknown) => void;
export type LiveStatus = 'connecting' | 'open' | 'closed';

interface EventsContextValue {
  subscribe(listener: Listener): () => void;
  status: LiveStatus;
}

const EventsContext = createContext<EventsContextValue | null>(null);
const TYPES: LiveEvent[] = ['board', 'alerts', 'stock'];

export function EventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API}/events`, { withCredentials: true });
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    const handlers = TYPES.map((type) => {
      const handler = (event: MessageEvent) => {
        let data: unknown = null;
        try {
          data = event.data ? JSON.parse(event.data) : null;
        } catch {
          data = event.data;
        }
        for (const listener of listeners.current) listener(type, data);
      };
      source.addEventListener(type, handler);
      return [type, handler] as const;
    });
    return () => {
      for (const [type, handler] of handlers) source.removeEventListener(type, handler);
      source.close();
    };
  }, []);

  const value = useRef<EventsContextValue>({
    subscribe(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    status,
  });
  value.current = { ...value.current, status };
  return createElement(EventsContext.Provider, { value: value.current }, children);
}

/** Calls `handler` on every live event of the given types. */
export function useEvents(
  types: readonly LiveEvent[],
  handler: (type: LiveEvent, data: unknown) => void,
): void {
  const context = useContext(EventsContext);
  const latest = useRef(handler);
  latest.current = handler;
  const key = types.join(',');
  const subscribe = context?.subscribe;
  useEffect(() => {
    if (!subscribe || !key) return;
    const wanted = new Set(key.split(','));
    return subscribe((type, data) => {
      if (wanted.has(type)) latest.current(type, data);
    });
  }, [subscribe, key]);
}

export function useLiveStatus(): LiveStatus {
  return useContext(EventsContext)?.status ?? 'closed';
}
