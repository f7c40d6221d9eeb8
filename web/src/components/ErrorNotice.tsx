import { Alert, List } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** A refusal's reason and its parameters, sent in `details` by the order actions. */
function refusalOf(err: ApiError): { reason: string; params: Record<string, unknown> } | null {
  const d = err.details as { reason?: unknown; params?: unknown } | null;
  if (!d || typeof d !== 'object' || typeof d.reason !== 'string') return null;
  return { reason: d.reason, params: d.params && typeof d.params === 'object' ? { ...d.params } : {} };
}

/**
 * The API's refusal in the user's language: by its reason when it gives one ("order MX-1 shipped 2
 * of PT-TOY-005…") and the server's own wording of it (sent in the Accept-Language of this page)
 * when the dashboard has no words for that reason, else by its stable code, else its plain message.
 */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const refusal = refusalOf(err);
    if (refusal) {
      const key = `errors.reason.${refusal.reason}`;
      const params = refusal.params;
      if (typeof params.status === 'string') params.status = t(`orderStatus.${params.status}`);
      const text = t(key, params);
      if (text !== key) return text;
      // A reason the dashboard has no words for: the server said it in the language this page asked for.
      if (err.message) return err.message;
    }
    const key = `errors.${err.code}`;
    const text = t(key);
    return text === key ? err.message || err.code : text;
  }
  return (err as Error)?.message ?? String(err);
}

/**
 * Field-level details (400 VALIDATION_FAILED and friends) as lines. A refused field comes with the
 * API's sentence in the user's language, which names the field: it is shown alone. `shown` leaves out
 * the fields the form already marks in place.
 */
export function errorDetails(err: unknown, shown: readonly string[] = []): string[] {
  if (!(err instanceof ApiError) || !err.details || refusalOf(err)) return [];
  const d = err.details as unknown;
  const line = (x: unknown): string => {
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.problem === 'string' && typeof o.message === 'string') return o.message;
      const where = o.field ?? o.path ?? o.column ?? o.row;
      const what = o.message ?? o.reason ?? JSON.stringify(o);
      const place = Array.isArray(where) ? where.join('.') : where;
      return place !== undefined && place !== null && place !== '' ? `${place}: ${what}` : String(what);
    }
    return String(x);
  };
  const inPlace = (x: unknown) =>
    !!x && typeof x === 'object' && shown.includes(String((x as { field?: unknown }).field));
  if (Array.isArray(d)) return d.filter((x) => !inPlace(x)).map(line);
  if (typeof d === 'object') {
    const o = d as Record<string, unknown>;
    for (const k of ['fields', 'issues', 'errors', 'problems'])
      if (Array.isArray(o[k])) return (o[k] as unknown[]).map(line);
    return Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return [String(d)];
}

export function ErrorNotice({
  error,
  title,
  shown,
}: {
  error: unknown;
  title?: string;
  /** Fields whose refusal the form shows in place. */
  shown?: readonly string[];
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const details = errorDetails(error, shown);
  return (
    <Alert color="red" variant="light" title={title ?? errorText(t, error)} data-testid="error-notice">
      {title ? errorText(t, error) : null}
      {details.length > 0 && (
        <List size="sm" mt={title ? 'xs' : 0}>
          {details.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
