import { type MailSettings, sendMailParts } from '../channels/notify/sendNotice.ts';
import { emailParts } from '../domain/notify/channelMessages.ts';
import { testNotice } from '../domain/notify/notice.ts';
import type { SendOutcome } from '../domain/notify/retry.ts';
import { alertKindOf, type Severity } from '../domain/notify/routing.ts';
import { langOfLocale } from '../i18n/notifyTexts.ts';
import { auditIn } from '../store/accounts.ts';
import {
  deleteSmtpSettings,
  prefsOfUser,
  type SmtpSettingsRow,
  savePrefs,
  saveSmtpSettings,
  smtpSettingsOf,
} from '../store/notifyPrefs.ts';
import type { Store } from '../store/openDatabase.ts';
import { inTransaction } from '../store/transaction.ts';
import { Refused } from './refused.ts';
import type { SecretBox } from './security/secrets.ts';

/**
 * A user's own e-mail preferences, and the organization's SMTP server as set in Settings, for the
 * API and the command line alike (each change commits with its audit row). The SMTP password is
 * sealed with the server key and never returned, printed or logged.
 *
 * Which SMTP server wins: PUENTE_SMTP_URL (with PUENTE_MAIL_FROM) when the server's environment
 * sets it, else the one in Settings. Whoever runs the server decides its network and secrets; a
 * setting saved in the dashboard must not silently redirect mail away from it. The dashboard says
 * which one is in use.
 */

export type MailLanguage = 'zh-CN' | 'en' | 'es-MX';

export interface MyNotifyPrefs {
  emailAlerts: boolean;
  /** Alert kinds taken; empty = every kind a route sends. */
  kinds: string[];
  severity: Severity | null;
  /** The language chosen for e-mails; null = the account's language. */
  language: MailLanguage | null;
  digest: boolean;
}

export const defaultPrefs: MyNotifyPrefs = {
  emailAlerts: true,
  kinds: [],
  severity: null,
  language: null,
  digest: true,
};

export async function myNotifyPrefs(
  store: Store,
  who: { organizationId: string; userId: string },
): Promise<MyNotifyPrefs & { saved: boolean }> {
  const row = await prefsOfUser(store.db, who.organizationId, who.userId);
  if (!row) return { ...defaultPrefs, saved: false };
  return {
    emailAlerts: row.email_alerts === 1,
    kinds: row.kinds ? row.kinds.split(',') : [],
    severity: row.min_severity,
    language: row.language,
    digest: row.digest === 1,
    saved: true,
  };
}

export async function saveMyNotifyPrefs(
  store: Store,
  a: { organizationId: string; userId: string; actor: string; prefs: MyNotifyPrefs },
): Promise<MyNotifyPrefs & { saved: boolean }> {
  const kinds = a.prefs.kinds.map((k) => {
    const kind = alertKindOf(k);
    if (!kind) throw new Refused('usage', { key: 'notify_bad_kind', params: { value: k } });
    return kind;
  });
  await inTransaction(store, async (trx) => {
    await savePrefs(trx, {
      user_id: a.userId,
      organization_id: a.organizationId,
      email_alerts: a.prefs.emailAlerts ? 1 : 0,
      kinds: [...new Set(kinds)].join(','),
      min_severity: a.prefs.severity,
      language: a.prefs.language,
      digest: a.prefs.digest ? 1 : 0,
    });
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.prefs.save',
      subject: a.userId,
      data: { ...a.prefs, kinds },
    });
  });
  return myNotifyPrefs(store, a);
}

export interface SmtpInput {
  host: string;
  port: number;
  username?: string | null | undefined;
  /** Undefined keeps the saved one; '' or null removes it. */
  password?: string | null | undefined;
  from: string;
  starttls: boolean;
}

export interface SmtpView {
  /** Which server e-mail goes through now. */
  source: 'environment' | 'settings' | 'none';
  /** PUENTE_SMTP_URL is set on the server: it wins over these settings. */
  environment: { set: boolean; origin: string | null; from: string | null };
  settings: {
    host: string;
    port: number;
    username: string | null;
    hasPassword: boolean;
    from: string;
    starttls: boolean;
    updatedAt: string;
  } | null;
}

const originOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
};

export async function smtpSettings(
  store: Store,
  organizationId: string,
  env: MailSettings,
): Promise<SmtpView> {
  const row = await smtpSettingsOf(store.db, organizationId);
  return {
    source: env.smtpUrl ? 'environment' : row ? 'settings' : 'none',
    environment: {
      set: env.smtpUrl !== null,
      origin: env.smtpUrl ? originOf(env.smtpUrl) : null,
      from: env.smtpUrl ? env.from : null,
    },
    settings: row
      ? {
          host: row.host,
          port: Number(row.port),
          username: row.username,
          hasPassword: row.sealed_password !== null,
          from: row.from_address,
          starttls: row.starttls === 1,
          updatedAt: row.updated_at,
        }
      : null,
  };
}

const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/;
const ADDRESS = /^[^\s@,;<>]+@[^\s@,;<>]+$/;
/** "Name <a@b.c>" or "a@b.c". */
const FROM = /^(?:[^<>\r\n]{0,100}<[^\s@,;<>]+@[^\s@,;<>]+>|[^\s@,;<>]+@[^\s@,;<>]+)$/;

export async function saveSmtp(
  store: Store,
  secrets: SecretBox,
  a: { organizationId: string; actor: string; input: SmtpInput; env: MailSettings },
): Promise<SmtpView> {
  const i = a.input;
  if (!HOST.test(i.host)) throw new Refused('usage', { key: 'smtp_bad_host', params: { value: i.host } });
  if (!FROM.test(i.from.trim()))
    throw new Refused('usage', { key: 'smtp_bad_from', params: { value: i.from } });
  const current = await smtpSettingsOf(store.db, a.organizationId);
  const sealed =
    i.password === undefined
      ? (current?.sealed_password ?? null)
      : i.password
        ? secrets.seal(i.password)
        : null;
  await inTransaction(store, async (trx) => {
    await saveSmtpSettings(trx, {
      organization_id: a.organizationId,
      host: i.host,
      port: i.port,
      username: i.username || null,
      sealed_password: sealed,
      from_address: i.from.trim(),
      starttls: i.starttls ? 1 : 0,
    });
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.smtp.save',
      subject: i.host,
      // Never the password: only whether one was set, kept or removed.
      data: {
        host: i.host,
        port: i.port,
        username: i.username || null,
        from: i.from,
        starttls: i.starttls,
        password: i.password === undefined ? 'kept' : i.password ? 'set' : 'removed',
      },
    });
  });
  return smtpSettings(store, a.organizationId, a.env);
}

export async function removeSmtp(
  store: Store,
  a: { organizationId: string; actor: string; env: MailSettings },
): Promise<SmtpView> {
  await inTransaction(store, async (trx) => {
    if (await deleteSmtpSettings(trx, a.organizationId))
      await auditIn(trx, {
        organizationId: a.organizationId,
        actor: a.actor,
        action: 'notify.smtp.remove',
        subject: a.organizationId,
        data: {},
      });
  });
  return smtpSettings(store, a.organizationId, a.env);
}

/**
 * The settings as an SMTP URL for the sender: port 465 is TLS from the start (smtps), any other
 * port requires STARTTLS unless it was turned off (a relay on a private network without TLS).
 */
export function smtpUrlOf(row: SmtpSettingsRow, secrets: SecretBox): string {
  const auth = row.username
    ? `${encodeURIComponent(row.username)}${row.sealed_password ? `:${encodeURIComponent(secrets.open(row.sealed_password))}` : ''}@`
    : '';
  const port = Number(row.port);
  const host = row.host.includes(':') && !row.host.startsWith('[') ? `[${row.host}]` : row.host;
  if (port === 465) return `smtps://${auth}${host}:${port}`;
  return `smtp://${auth}${host}:${port}${row.starttls === 1 ? '' : '?requireTLS=false'}`;
}

/** The mail settings e-mail to this organization goes out with: the environment's, else Settings'. */
export async function mailSettingsFor(
  store: Store,
  secrets: SecretBox,
  organizationId: string,
  env: MailSettings,
): Promise<MailSettings> {
  if (env.smtpUrl) return env;
  const row = await smtpSettingsOf(store.db, organizationId);
  if (!row) return env;
  return { smtpUrl: smtpUrlOf(row, secrets), from: row.from_address };
}

/**
 * Sends a test e-mail now through the SMTP server in use, with the real sender, to `to` (the
 * asking user's address), in their language.
 */
export async function sendTestMail(
  store: Store,
  secrets: SecretBox,
  a: { organizationId: string; to: string; language: string; publicUrl: string; env: MailSettings },
): Promise<SendOutcome> {
  if (!ADDRESS.test(a.to)) throw new Refused('usage', { key: 'notify_bad_address', params: { value: a.to } });
  const mail = await mailSettingsFor(store, secrets, a.organizationId, a.env);
  const notice = testNotice({ lang: langOfLocale(a.language), publicUrl: a.publicUrl, channel: 'SMTP' });
  return sendMailParts(
    { kind: 'email', name: 'SMTP', language: a.language, url: null, secret: null, recipients: [a.to] },
    emailParts(notice, a.language),
    mail,
    10_000,
  );
}
