import { useCallback, useEffect, useRef, useState } from 'react';
import { type Page, type RequestOptions, requestFull } from './api';
import { type LiveEvent, useEvents } from './useEvents';

/**
 * Reads one API resource, keeps the last answer on screen while refetching, and refetches when one
 * of `events` arrives (coalesced: a burst of events makes one request).
 */
export function useResource<T>(
  path: string | null,
  options: { query?: RequestOptions['query']; events?: readonly LiveEvent[] } = {},
) {
  const [data, setData] = useState<T | null>(null);
  const [headers, setHeaders] = useState<Headers | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const queryKey = JSON.stringify(options.query ?? {});

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    requestFull<T>(path, { query: JSON.parse(queryKey), signal: controller.signal })
      .then((r) => {
        setData(r.data);
        setHeaders(r.headers);
        setError(null);
        setLoading(false);
      })
      .catch((err: Error) => {
        if (err.name === 'AbortError') return;
        setError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, queryKey, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useCoalescedEvents(options.events ?? [], reload);
  return { data, headers, error, loading, reload, setData };
}

/** A cursor-paged list: the first page, then "load more" appends the next. */
export function usePagedList<T>(
  path: string,
  options: { query?: RequestOptions['query']; events?: readonly LiveEvent[]; limit?: number } = {},
) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const queryKey = JSON.stringify({ ...(options.query ?? {}), limit: options.limit ?? 50 });
  const current = useRef(queryKey);
  current.current = queryKey;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    requestFull<Page<T>>(path, { query: JSON.parse(queryKey), signal: controller.signal })
      .then((r) => {
        setItems(r.data.items);
        setNextCursor(r.data.nextCursor);
        setError(null);
        setLoading(false);
      })
      .catch((err: Error) => {
        if (err.name === 'AbortError') return;
        setError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, queryKey, version]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const asked = queryKey;
    setLoadingMore(true);
    try {
      const r = await requestFull<Page<T>>(path, { query: { ...JSON.parse(queryKey), cursor: nextCursor } });
      if (current.current !== asked) return; // the filters changed meanwhile
      setItems((prev) => [...prev, ...r.data.items]);
      setNextCursor(r.data.nextCursor);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoadingMore(false);
    }
  }, [path, queryKey, nextCursor]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useCoalescedEvents(options.events ?? [], reload);
  return { items, nextCursor, error, loading, loadingMore, loadMore, reload, setItems };
}

function useCoalescedEvents(events: readonly LiveEvent[], reload: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useEvents(events, () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, 250);
  });
}
