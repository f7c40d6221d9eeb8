import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiResponse, type Page, type RequestOptions, requestFull } from './api';
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
  const [version, setVersion] = useState(0);
  const queryKey = JSON.stringify(options.query ?? {});
  const { error, loading } = useFetch<T>(path, queryKey, version, (r) => {
    setData(r.data);
    setHeaders(r.headers);
  });

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useCoalescedEvents(options.events ?? [], reload);
  return { data, headers, error, loading, reload, setData };
}

/** The most rows one page of the API gives (`pageQuery` on the server). */
const MAX_PAGE = 500;

/**
 * A cursor-paged list: the first page, then "load more" appends the next. A reload (a live event)
 * asks again for as many rows as are shown (a page more when the list was whole), up to the API's
 * maximum page, so the rows a person loaded do not vanish under them. `first` is the first page's
 * whole answer (its `now`…).
 */
export function usePagedList<T, P extends Page<T> = Page<T>>(
  path: string,
  options: { query?: RequestOptions['query']; events?: readonly LiveEvent[]; limit?: number } = {},
) {
  const [items, setItems] = useState<T[]>([]);
  const [first, setFirst] = useState<P | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const limit = options.limit ?? 50;
  const queryKey = JSON.stringify({ ...(options.query ?? {}), limit });
  const current = useRef(queryKey);
  // How many rows a reload asks for: as many as are shown, and a page more when all were shown (so
  // a list shown whole stays whole when rows arrive); new filters start from one page.
  const want = useRef(0);
  const shownNow = useRef(0);
  shownNow.current = items.length + (nextCursor === null ? limit : 0);
  if (current.current !== queryKey) want.current = 0;
  current.current = queryKey;
  const widen = useCallback(
    (query: Record<string, unknown>) => ({
      ...query,
      limit: Math.min(MAX_PAGE, Math.max(limit, want.current)),
    }),
    [limit],
  );
  const { error, setError, loading } = useFetch<P>(
    path,
    queryKey,
    version,
    (r) => {
      setItems(r.data.items);
      setFirst(r.data);
      setNextCursor(r.data.nextCursor);
    },
    widen,
  );

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
  }, [path, queryKey, nextCursor, setError]);

  const reload = useCallback(() => {
    want.current = shownNow.current;
    setVersion((v) => v + 1);
  }, []);
  useCoalescedEvents(options.events ?? [], reload);
  return { items, first, nextCursor, error, loading, loadingMore, loadMore, reload, setItems };
}

/**
 * Requests `path` with the query in `queryKey` whenever either or `version` changes, aborting the
 * request before; `onData` takes each answer. The error and loading flag are those of the last one.
 */
function useFetch<R>(
  path: string | null,
  queryKey: string,
  version: number,
  onData: (response: ApiResponse<R>) => void,
  adjust?: (query: Record<string, unknown>) => Record<string, unknown>,
) {
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const take = useRef(onData);
  take.current = onData;
  const adjustRef = useRef(adjust);
  adjustRef.current = adjust;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    const query = JSON.parse(queryKey);
    requestFull<R>(path, {
      query: adjustRef.current ? (adjustRef.current(query) as RequestOptions['query']) : query,
      signal: controller.signal,
    })
      .then((r) => {
        take.current(r);
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

  return { error, setError, loading };
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
