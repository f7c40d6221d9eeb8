import { type Command, Option } from 'commander';
import { mailSettingsFrom } from '../channels/notify/sendNotice.ts';
import { severities } from '../domain/notify/routing.ts';
import type { Lang } from '../i18n/messages.ts';
import { notifyText } from '../i18n/notifyTexts.ts';
import {
  addChannel,
  addRoute,
  type ChannelKind,
  type ChannelLanguage,
  channelIdFromPrefix,
  channelKinds,
  channels,
  removeChannelById,
  removeRoute,
  routes,
  testChannel,
} from '../services/notifyChannels.ts';
import { deliverDue, deliveries } from '../services/notifyWorker.ts';
import { publicBaseUrl } from '../services/passwordReset.ts';
import { printRows, type RowFormat } from './printRows.ts';
import { serverSecrets } from './tiktokCommands.ts';
import { actor, formatOption, installWide, withInstall, withWorkspace } from './workspace.ts';

/**
 * `puente notify …`: where alerts are delivered. Channels (Feishu, WeCom, Slack, e-mail, a signed
 * webhook), the routes that pick which alerts go to which channel, and the delivery log. Thin: each
 * command calls one service; URLs and secrets go in and are never printed.
 */

const publicUrl = () =>
  publicBaseUrl(process.env.PUENTE_PUBLIC_URL, `http://127.0.0.1:${process.env.PORT ?? 3000}`);
const short = (id: string | null) => (id ? id.slice(0, 8) : '');

/**
 * The channel's language is the global `--lang` (zh-CN, en, es-MX; zh and es are taken too), which
 * also words the command's own output; without it, the language the environment asks for.
 */
function channelLanguage(program: Command): ChannelLanguage {
  const lang = String(program.opts().lang);
  return lang === 'zh' ? 'zh-CN' : lang === 'es' ? 'es-MX' : 'en';
}

const jsonOrTable = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function registerNotifyCommands(program: Command): Command {
  const notify = program
    .command('notify')
    .description('alert notifications: channels (Feishu, WeCom, Slack, e-mail, webhook), routes, deliveries');

  const channel = notify.command('channel').description('where alerts are delivered');
  channel
    .command('add')
    .description(
      'add a channel and print its id. Feishu/WeCom/Slack/webhook take --url (the bot or webhook URL); e-mail takes --to (SMTP from PUENTE_SMTP_URL and PUENTE_MAIL_FROM, or --url smtp://…). Without routes a channel takes every critical alert',
    )
    .addOption(new Option('--kind <kind>', 'channel kind').choices(channelKinds).makeOptionMandatory())
    .requiredOption('--name <name>', 'a name people recognise, e.g. "Shenzhen ops"')
    .option('--url <url>', 'webhook URL (sealed, never shown again)')
    .option('--to <addresses>', 'e-mail addresses, comma-separated')
    .option(
      '--roles <roles>',
      'e-mail: also the users of these roles (owner,operator,viewer), each per their own preferences',
    )
    .option('--secret <secret>', 'Feishu signing secret, or the webhook’s HMAC secret (sealed)')
    .option('--zone <zone>', 'the channel’s time zone, for quiet hours (e.g. Asia/Shanghai)', 'UTC')
    .option('--quiet-from <HH:mm>', 'quiet hours start (non-critical alerts wait)')
    .option('--quiet-to <HH:mm>', 'quiet hours end')
    .option('--escalate-to <channel>', 'the next channel when a critical alert is not acknowledged in time')
    .option('--escalate-after <minutes>', 'minutes before escalating (default 15)', Number)
    .option('--send-resolved', 'also say when an alert is resolved')
    .addOption(jsonOrTable())
    .action(
      (o: {
        kind: ChannelKind;
        name: string;
        url?: string;
        to?: string;
        roles?: string;
        secret?: string;
        zone: string;
        quietFrom?: string;
        quietTo?: string;
        escalateTo?: string;
        escalateAfter?: number;
        sendResolved?: boolean;
        format: 'table' | 'json';
      }) =>
        withWorkspace(async (store, org) => {
          const secrets = await serverSecrets(store);
          const row = await addChannel(store, secrets, {
            organizationId: org,
            actor: actor(),
            input: {
              kind: o.kind,
              name: o.name,
              url: o.url,
              to: o.to,
              roles: o.roles ? o.roles.split(',') : undefined,
              secret: o.secret,
              language: channelLanguage(program),
              timeZone: o.zone,
              quietFrom: o.quietFrom,
              quietTo: o.quietTo,
              escalateTo: o.escalateTo,
              escalateAfterMinutes: o.escalateAfter,
              sendResolved: o.sendResolved,
            },
          });
          process.stdout.write(
            o.format === 'json'
              ? `${JSON.stringify({ id: row.id, kind: row.kind, name: row.name, language: row.language })}\n`
              : `${row.id}\n`,
          );
        }),
    );

  channel
    .command('list')
    .description('list channels (URLs and secrets are sealed: only the host is shown)')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const rows = await channels(store, org);
        printRows(
          rows.map((c) => ({
            id: o.format === 'table' ? short(c.id) : c.id,
            kind: c.kind,
            name: c.name,
            language: c.language,
            target: c.kind === 'email' ? (c.recipients ?? '') : (c.url_origin ?? ''),
            secret: c.sealed_secret ? 'yes' : 'no',
            zone: c.time_zone,
            quiet: c.quiet_from && c.quiet_to ? `${c.quiet_from}-${c.quiet_to}` : '',
            escalate: c.escalate_to ? `${short(c.escalate_to)} after ${c.escalate_after_minutes} min` : '',
          })),
          o.format,
          ['id', 'kind', 'name', 'language', 'target', 'secret', 'zone', 'quiet', 'escalate'],
        );
      }),
    );

  channel
    .command('test')
    .description('send a test message through the channel now; exit 1 if it did not arrive')
    .argument('<id>', 'channel id (or its first characters)')
    .action((id: string) =>
      withWorkspace(async (store, org) => {
        const secrets = await serverSecrets(store);
        const channelId = await channelIdFromPrefix(store, org, id);
        const outcome = await testChannel(store, secrets, {
          organizationId: org,
          id: channelId,
          publicUrl: publicUrl(),
          mail: mailSettingsFrom(process.env),
        });
        const lang: Lang = program.opts().lang;
        if (outcome.ok) process.stdout.write(`${notifyText('cli', 'testSent', lang, { channel: id })}\n`);
        else {
          process.stderr.write(
            `${notifyText('cli', 'testNotSent', lang, { channel: id, error: outcome.error })}\n`,
          );
          process.exitCode = 1;
        }
      }),
    );

  channel
    .command('remove')
    .description('remove a channel, its routes and its pending deliveries (the delivery log keeps it)')
    .argument('<id>', 'channel id (or its first characters)')
    .action((id: string) =>
      withWorkspace(async (store, org) => {
        const channelId = await channelIdFromPrefix(store, org, id);
        await removeChannelById(store, { organizationId: org, actor: actor(), id: channelId });
        process.stdout.write(
          `${notifyText('cli', 'channelRemoved', program.opts().lang, { id: channelId })}\n`,
        );
      }),
    );

  const route = notify.command('route').description('which alerts go to which channel');
  route
    .command('add')
    .description(
      'send these alert kinds (and severity, warehouse, storefront) to a channel; prints the route id',
    )
    .requiredOption('--channel <id>', 'channel id (or its first characters)')
    .requiredOption(
      '--kinds <kinds>',
      'alert kinds, comma-separated: oversell, late, at_risk, low_stock, sync_failure…',
    )
    .addOption(new Option('--severity <severity>', 'the least severity').choices(severities))
    .option('--warehouse <code>', 'only alerts of this warehouse')
    .option('--storefront <code>', 'only alerts of this storefront')
    .addOption(jsonOrTable())
    .action(
      (o: {
        channel: string;
        kinds: string;
        severity?: (typeof severities)[number];
        warehouse?: string;
        storefront?: string;
        format: 'table' | 'json';
      }) =>
        withWorkspace(async (store, org) => {
          const row = await addRoute(store, {
            organizationId: org,
            actor: actor(),
            input: {
              channel: o.channel,
              kinds: [o.kinds],
              severity: o.severity,
              warehouse: o.warehouse,
              storefront: o.storefront,
            },
          });
          process.stdout.write(
            o.format === 'json'
              ? `${JSON.stringify({ id: row.id, channel: row.channel_id, kinds: row.kinds.split(',') })}\n`
              : `${row.id}\n`,
          );
        }),
    );

  route
    .command('list')
    .description('list routes (a channel without routes takes every critical alert)')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const names = new Map((await channels(store, org)).map((c) => [c.id, c.name]));
        printRows(
          (await routes(store, org)).map((r) => ({
            id: o.format === 'table' ? short(r.id) : r.id,
            channel: names.get(r.channel_id) ?? r.channel_id,
            kinds: r.kinds || '*',
            severity: r.min_severity ?? '',
            warehouse: r.warehouse ?? '',
            storefront: r.storefront ?? '',
          })),
          o.format,
          ['id', 'channel', 'kinds', 'severity', 'warehouse', 'storefront'],
        );
      }),
    );

  route
    .command('remove')
    .description('remove a route')
    .argument('<id>', 'route id (or its first characters)')
    .action((id: string) =>
      withWorkspace(async (store, org) => {
        await removeRoute(store, { organizationId: org, actor: actor(), id });
        process.stdout.write(`${notifyText('cli', 'routeRemoved', program.opts().lang, { id })}\n`);
      }),
    );

  notify
    .command('deliveries')
    .description(
      'the delivery log, newest first, alerts and morning digests: alert (or digest: warehouse and day), channel, status (pending, sent, failed), attempts, last error',
    )
    .option('--alert <id>', 'only this alert’s deliveries')
    .option('--limit <n>', 'at most this many', Number, 100)
    .addOption(formatOption())
    .action((o: { alert?: string; limit: number; format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const rows = await deliveries(store, org, { alertId: o.alert, limit: o.limit });
        printRows(
          rows.map((d) => ({
            alert: d.alert_id && o.format === 'table' ? short(d.alert_id) : d.alert_id,
            digest: d.digest ? digestLabel(d.digest) : null,
            channel: d.channel_name,
            kind: d.channel_kind,
            reason: d.reason,
            status: d.status,
            attempts: Number(d.attempts),
            lastError: d.last_error,
            createdAt: d.created_at,
            sentAt: d.sent_at,
          })),
          o.format,
          [
            'alert',
            'digest',
            'channel',
            'kind',
            'reason',
            'status',
            'attempts',
            'lastError',
            'createdAt',
            'sentAt',
          ],
        );
      }),
    );

  // Every organization's due deliveries, as the server's worker sends them.
  installWide(notify.command('send'))
    .description('send the due deliveries now (a running server does this by itself)')
    .action(() =>
      withInstall(async (store) => {
        const secrets = await serverSecrets(store);
        const s = await deliverDue(store, {
          secrets,
          publicUrl: publicUrl(),
          mail: mailSettingsFrom(process.env),
          holder: `cli:${process.pid}`,
        });
        process.stdout.write(`${notifyText('cli', 'sendSummary', program.opts().lang, { ...s })}\n`);
      }),
    );

  return notify;
}

/** A digest's delivery in the log: its warehouse and local day, e.g. `TX 2026-12-01`. */
function digestLabel(raw: string): string {
  const ref = JSON.parse(raw) as { warehouse: string; day: string };
  return `${ref.warehouse} ${ref.day}`;
}
