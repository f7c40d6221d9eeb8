import { useEffect, useState, useSyncExternalStore } from 'react';

/** The current time, re-rendering every `intervalMs` (one timer per caller). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

// One shared one-second clock for every countdown on screen, so they all tick together.
const listeners = new Set<() => void>();
let second = Math.floor(Date.now() / 1000);
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      second = Math.floor(Date.now() / 1000);
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current second (ms since epoch, whole seconds), shared by all callers. */
export function useSecondClock(): number {
  return useSyncExternalStore(subscribe, () => second * 1000);
}

/**
 * Whether the moment `atMs` has passed on the shared clock. The caller re-renders when the answer
 * changes, not every second: a queue of hundreds of rows stays still while only the countdowns tick.
 */
export function usePassed(atMs: number): boolean {
  return useSyncExternalStore(subscribe, () => second * 1000 > atMs);
}
