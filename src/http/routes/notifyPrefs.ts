import { z } from 'zod';
import { mailSettingsFrom } from '../../channels/notify/sendNotice.ts';
import { LIMITS, text } from '../../domain/limits.ts';
import { alertKinds, severities } from '../../domain/notify/routing.ts';
import { channelLanguages } from '../../services/notifyChannels.ts';
import {
  myNotifyPrefs,
  removeSmtp,
  saveMyNotifyPrefs,
  saveSmtp,
  sendTestMail,
  smtpSettings,
} from '../../services/notifyPrefs.ts';
import { publicBaseUrl } from '../../services/passwordReset.ts';
import { Refused } from '../../services/refused.ts';
import { userById } from '../../store/accounts.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError } from '../errors.ts';

/**
 * A user's own e-mail preferences (`/me/notifications`: any signed-in user, for themselves only)
 * and the SMTP server in Settings (`/notify/smtp`: owners; the password goes in and never comes
 * out). PUENTE_SMTP_URL in the server's environment wins over Settings; the answer says which is used.
 */

const prefsView = z
  .object({
    emailAlerts: z.boolean().describe('false: no alert e-mails at all'),
    kinds: z.array(z.enum(alertKinds)).describe('alert kinds taken; empty = every kind a route sends'),
    severity: z.enum(severities).nullable().describe('the least severity taken; null = any'),
    language: z.enum(channelLanguages).nullable().describe('language of the e-mails; null = the account’s'),
    digest: z.boolean().describe('the morning digest by e-mail'),
    saved: z.boolean().describe('false: never saved, these are the defaults'),
    accountLanguage: z.enum(channelLanguages).nullable(),
    email: z.string(),
  })
  .meta({ id: 'MyNotifyPrefs' });

const smtpView = z
  .object({
    source: z.enum(['environment', 'settings', 'none']).describe('which SMTP server e-mail goes through now'),
    environment: z.object({
      set: z.boolean().describe('PUENTE_SMTP_URL is set on the server: it wins over Settings'),
      origin: z.string().nullable(),
      from: z.string().nullable(),
    }),
    settings: z
      .object({
        host: z.string(),
        port: z.number(),
        username: z.string().nullable(),
        hasPassword: z.boolean(),
        from: z.string(),
        starttls: z.boolean(),
        updatedAt: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'SmtpSettings' });

const localeOf = (l: string | null) => channelLanguages.find((c) => c === l) ?? null;

export function notifyPrefsRoutes(api: Api, ctx: AppContext) {
  const { store, secrets } = ctx;
  const env = () => ctx.mail ?? mailSettingsFrom(process.env);

  /** The signed-in user: an API token is nobody's, so it has no preferences. */
  async function me(request: { principal: { organizationId: string; userId: string | null } }) {
    const p = request.principal;
    const user = p.userId ? await userById(store, p.organizationId, p.userId) : undefined;
    if (!user) throw ApiError.refused(403, 'NOT_A_USER', { key: 'me_needs_user' });
    return user;
  }

  const refusing = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof Refused) throw ApiError.refused(400, 'BAD_NOTIFY_SETTING', e.reason);
      throw e;
    }
  };

  api.get(
    '/me/notifications',
    {
      config: { access: 'read' },
      schema: {
        tags: ['notifications'],
        summary: 'My e-mail notification preferences',
        operationId: 'getMyNotifyPrefs',
        description:
          'The signed-in user’s own: which alerts reach them by e-mail through channels sent to their role, in which language, and the morning digest.',
        errors: { 403: 'NOT_A_USER: an API token has no preferences' },
        response: { 200: prefsView },
      },
    },
    async (request) => {
      const user = await me(request);
      const prefs = await myNotifyPrefs(store, { organizationId: user.organization_id, userId: user.id });
      return {
        ...prefs,
        kinds: prefs.kinds as (typeof alertKinds)[number][],
        accountLanguage: localeOf(user.locale),
        email: user.email,
      };
    },
  );

  api.put(
    '/me/notifications',
    {
      // Every user, viewers too, chooses what reaches them.
      config: { access: 'read' },
      schema: {
        tags: ['notifications'],
        summary: 'Save my e-mail notification preferences',
        operationId: 'saveMyNotifyPrefs',
        errors: { 403: 'NOT_A_USER: an API token has no preferences' },
        body: z.object({
          emailAlerts: z.boolean(),
          kinds: z.array(z.enum(alertKinds)).max(alertKinds.length),
          severity: z.enum(severities).nullable(),
          language: z.enum(channelLanguages).nullable(),
          digest: z.boolean(),
        }),
        response: { 200: prefsView },
      },
    },
    async (request) => {
      const user = await me(request);
      const prefs = await refusing(() =>
        saveMyNotifyPrefs(store, {
          organizationId: user.organization_id,
          userId: user.id,
          actor: request.principal.actor,
          prefs: request.body,
        }),
      );
      return {
        ...prefs,
        kinds: prefs.kinds as (typeof alertKinds)[number][],
        accountLanguage: localeOf(user.locale),
        email: user.email,
      };
    },
  );

  api.get(
    '/notify/smtp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'The SMTP server e-mail goes through',
        operationId: 'getSmtpSettings',
        description: 'The password is never returned: `hasPassword` says whether one is kept.',
        response: { 200: smtpView },
      },
    },
    async (request) => smtpSettings(store, request.principal.organizationId, env()),
  );

  api.put(
    '/notify/smtp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'Set the SMTP server',
        operationId: 'saveSmtpSettings',
        description:
          'Used when PUENTE_SMTP_URL is not set on the server. `password` left out keeps the saved one; empty removes it. Port 465 is TLS from the start; other ports use STARTTLS unless `starttls` is false.',
        errors: { 400: 'BAD_NOTIFY_SETTING: a malformed host or sender address' },
        body: z.object({
          host: text(253, { min: 1 }),
          port: z.number().int().min(1).max(65535),
          username: text(LIMITS.text.email).nullable().optional(),
          password: z.string().max(500).nullable().optional(),
          from: text(300, { min: 3 }),
          starttls: z.boolean(),
        }),
        response: { 200: smtpView },
      },
    },
    async (request) => {
      const p = request.principal;
      return refusing(() =>
        saveSmtp(store, secrets, {
          organizationId: p.organizationId,
          actor: p.actor,
          input: request.body,
          env: env(),
        }),
      );
    },
  );

  api.delete(
    '/notify/smtp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'Remove the SMTP server set in Settings',
        operationId: 'removeSmtpSettings',
        response: { 200: smtpView },
      },
    },
    async (request) => {
      const p = request.principal;
      return removeSmtp(store, { organizationId: p.organizationId, actor: p.actor, env: env() });
    },
  );

  api.post(
    '/notify/smtp/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'Send a test e-mail',
        operationId: 'testSmtp',
        description:
          'Sent now through the SMTP server in use, to `to` or else the signed-in user, in their language; `error` says why it did not go.',
        errors: { 400: 'BAD_NOTIFY_SETTING: not an e-mail address' },
        body: z.object({ to: text(LIMITS.text.email).optional() }),
        response: { 200: z.object({ sent: z.boolean(), to: z.string(), error: z.string().nullable() }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const user = p.userId ? await userById(store, p.organizationId, p.userId) : undefined;
      const to = request.body.to ?? user?.email;
      if (!to) throw ApiError.refused(400, 'BAD_NOTIFY_SETTING', { key: 'notify_to_required' });
      const outcome = await refusing(() =>
        sendTestMail(store, secrets, {
          organizationId: p.organizationId,
          to,
          language: user?.locale ?? p.locale ?? 'en',
          publicUrl: publicBaseUrl(ctx.publicUrl, `${request.protocol}://${request.host}`),
          env: env(),
        }),
      );
      return outcome.ok ? { sent: true, to, error: null } : { sent: false, to, error: outcome.error };
    },
  );
}
