import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from './api';
import type { PolicyDocument, PolicySummary } from './apiModels';
import { apiLang } from './format';

/**
 * The active policy, read once per page load and language: its facts ([P1]…[P20]) explain every
 * reason badge, in the reader's language. The first policy the API lists is the active one.
 */
const pending = new Map<string, Promise<PolicyDocument | null>>();

export function loadActivePolicy(lang: 'en' | 'zh' | 'es'): Promise<PolicyDocument | null> {
  let loading = pending.get(lang);
  if (!loading) {
    loading = api
      .get<Page<PolicySummary> | { items: PolicySummary[] }>('/policies')
      .then((list) => {
        const first = list.items[0];
        return first ? api.get<PolicyDocument>(`/policies/${encodeURIComponent(first.id)}`, { lang }) : null;
      })
      .catch((err) => {
        pending.delete(lang);
        throw err;
      });
    pending.set(lang, loading);
  }
  return loading;
}

export function useActivePolicy() {
  const { i18n } = useTranslation();
  const lang = apiLang(i18n.language);
  const [policy, setPolicy] = useState<PolicyDocument | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    loadActivePolicy(lang)
      .then((p) => live && setPolicy(p))
      .catch((err: Error) => live && setError(err));
    return () => {
      live = false;
    };
  }, [lang]);
  return { policy, error, facts: policy?.facts ?? {} };
}
