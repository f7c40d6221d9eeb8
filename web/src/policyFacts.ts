import { useEffect, useState } from 'react';
import { api, type Page } from './api';
import type { PolicyDocument, PolicySummary } from './apiModels';

/**
 * The active policy, read once per page load: its facts ([P1]…[P18]) explain every reason badge.
 * The first policy the API lists is the active one.
 */
let pending: Promise<PolicyDocument | null> | null = null;

export function loadActivePolicy(): Promise<PolicyDocument | null> {
  if (!pending) {
    pending = api
      .get<Page<PolicySummary> | { items: PolicySummary[] }>('/policies')
      .then((list) => {
        const first = list.items[0];
        return first ? api.get<PolicyDocument>(`/policies/${encodeURIComponent(first.id)}`) : null;
      })
      .catch((err) => {
        pending = null;
        throw err;
      });
  }
  return pending;
}

export function useActivePolicy() {
  const [policy, setPolicy] = useState<PolicyDocument | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    loadActivePolicy()
      .then((p) => live && setPolicy(p))
      .catch((err: Error) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);
  return { policy, error, facts: policy?.facts ?? {} };
}
