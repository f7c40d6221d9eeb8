import { severityRank } from './routing.ts';

/**
 * Who an e-mail goes to, and in which language: the channel's own addresses in the channel's
 * language, plus each user of the channel's roles whose own preferences take it, in the language
 * they chose (or their account's). One e-mail per language, so each reader gets theirs.
 */

export type MailLanguage = 'zh-CN' | 'en' | 'es-MX';
const languages: readonly string[] = ['zh-CN', 'en', 'es-MX'];

/** A user's e-mail preferences; every field null when they never saved any (the defaults). */
export interface MailReader {
  email: string;
  /** The account's language. */
  locale: string | null;
  email_alerts: number | null;
  kinds: string | null;
  min_severity: string | null;
  language: string | null;
  digest: number | null;
}

/** What is being sent: an alert (its kind and severity) or the morning digest. */
export type MailSubject = { alert: { kind: string; severity: string } } | { digest: true };

/** Whether the user's preferences take it. Defaults: every alert the route sends, and the digest. */
export function readerWants(r: MailReader, what: MailSubject): boolean {
  if ('digest' in what) return r.digest === null ? true : r.digest === 1;
  if (r.email_alerts === 0) return false;
  const kinds = r.kinds ? r.kinds.split(',') : [];
  if (kinds.length && !kinds.includes(what.alert.kind)) return false;
  if (r.min_severity && severityRank(what.alert.severity) < severityRank(r.min_severity)) return false;
  return true;
}

export function readerLanguage(r: MailReader, fallback: MailLanguage): MailLanguage {
  const pick = r.language ?? r.locale;
  return pick && languages.includes(pick) ? (pick as MailLanguage) : fallback;
}

export interface MailGroup {
  language: MailLanguage;
  recipients: string[];
}

/** The e-mails to send: one per language with its recipients, each address once. */
export function mailGroups(
  channel: { language: MailLanguage; addresses: readonly string[] },
  readers: readonly MailReader[],
  what: MailSubject,
): MailGroup[] {
  const byLanguage = new Map<MailLanguage, string[]>();
  const seen = new Set<string>();
  const add = (language: MailLanguage, address: string) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), address]);
  };
  for (const a of channel.addresses) add(channel.language, a);
  for (const r of readers) if (readerWants(r, what)) add(readerLanguage(r, channel.language), r.email);
  return [...byLanguage].map(([language, recipients]) => ({ language, recipients }));
}
