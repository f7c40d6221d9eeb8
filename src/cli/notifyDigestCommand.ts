import { type Command, Option } from 'commander';
import { type DigestFormat, digestFormats, renderDigest } from '../channels/digest/digestFormats.ts';
import { digestView } from '../channels/digest/digestView.ts';
import type { Lang } from '../i18n/messages.ts';
import { morningDigest } from '../services/morningDigest.ts';
import { publicBaseUrl } from '../services/passwordReset.ts';
import { UsageError } from './usageError.ts';
import { withWorkspace } from './workspace.ts';

/**
 * `puente notify digest --warehouse TX --preview --lang zh`: the morning digest of one warehouse,
 * printed as its team would read it. The language is the global --lang (zh, zh-CN, en, es, es-MX).
 */

/** `--at`: the instant to describe (ISO 8601 with a zone or Z), for a digest of another moment. */
export function parseInstant(value: string, option = '--at'): Date {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())
    ? Date.parse(value.trim())
    : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError({ key: 'bad_instant', params: { option, value } });
  return new Date(ms);
}

/** The `notify` group, whoever created it first. */
function notifyGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'notify') ??
    program.command('notify').description('alerts and the morning digest in Feishu, WeCom, Slack and e-mail')
  );
}

export function registerNotifyDigestCommand(program: Command): void {
  notifyGroup(program)
    .command('digest')
    .description(
      "a warehouse's morning digest: what ships today, late and at-risk orders, orders awaiting stock, the late-dispatch rate, low stock and the last day's sync failures, with links (PUENTE_PUBLIC_URL)",
    )
    .requiredOption('--warehouse <code>', 'the warehouse, e.g. TX')
    .option('--preview', 'print it here instead of sending it')
    .option('--at <time>', 'describe this instant instead of now, e.g. 2026-11-25T13:00:00Z', (v: string) =>
      parseInstant(v),
    )
    .addOption(
      new Option('--format <format>', 'text: as people read it; json: the figures and the rendered text')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(
      new Option('--channel <kind>', 'lay it out as this channel kind sends it')
        .choices(digestFormats)
        .default('text'),
    )
    .action(
      (o: {
        warehouse: string;
        preview?: boolean;
        at?: Date;
        format: 'text' | 'json';
        channel: DigestFormat;
      }) =>
        withWorkspace(async (store, org) => {
          if (!o.preview) throw new UsageError({ key: 'digest_preview_only' });
          const lang: Lang = program.opts().lang;
          const digest = await morningDigest(store, {
            organizationId: org,
            warehouse: o.warehouse,
            now: o.at ?? new Date(),
            baseUrl: publicBaseUrl(
              process.env.PUENTE_PUBLIC_URL,
              `http://127.0.0.1:${process.env.PORT ?? 3000}`,
            ),
          });
          const rendered = renderDigest(digestView(digest, lang), o.channel);
          if (o.format === 'json') {
            process.stdout.write(`${JSON.stringify({ digest, lang, rendered }, null, 2)}\n`);
            return;
          }
          const out =
            rendered.format === 'text'
              ? rendered.text
              : rendered.format === 'email'
                ? `Subject: ${rendered.email.subject}\n\n${rendered.email.text}`
                : `${JSON.stringify(rendered.body, null, 2)}\n`;
          process.stdout.write(out);
        }),
    );
}
