import { type Command, Option } from 'commander';
import { DateTime } from 'luxon';
import type { Lang } from '../i18n/messages.ts';
import { publicBaseUrl, startPasswordReset } from '../services/passwordReset.ts';
import { actor, installWide, withInstall } from './workspace.ts';

/**
 * `puente users reset-password <email>`: access recovery from the server's own shell, for when no
 * owner can log in. It prints a one-time link (services/passwordReset.ts) to hand to the person.
 */

const texts: Record<Lang, (p: { email: string; until: string; link: string }) => string> = {
  en: (p) =>
    `One-time link for ${p.email}, valid 30 minutes (until ${p.until}), usable once:\n\n  ${p.link}\n\n` +
    'Hand it to the person: it opens a page where they choose a new password, and it ends their sessions.\n',
  zh: (p) =>
    `${p.email} 的一次性链接，30 分钟内有效（至 ${p.until}），只能使用一次：\n\n  ${p.link}\n\n` +
    '请把链接交给本人：打开后即可设置新密码，其所有登录会话将随之失效。\n',
  es: (p) =>
    `Enlace de un solo uso para ${p.email}, válido 30 minutos (hasta ${p.until}), se puede usar una vez:\n\n  ${p.link}\n\n` +
    'Entrégaselo a la persona: abre una página donde elige una contraseña nueva, y cierra sus sesiones.\n',
};

export function registerUserCommands(program: Command): void {
  // A user is found by e-mail, which is unique in the whole database.
  const users = installWide(program.command('users')).description('user accounts of the dashboard');
  users
    .command('reset-password')
    .description(
      'print a one-time link (valid 30 minutes) that sets a new password for the user; using it ends their sessions. The link uses PUENTE_PUBLIC_URL, else http://127.0.0.1:$PORT (default 3000)',
    )
    .argument('<email>', 'the e-mail the user logs in with')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((email: string, o: { format: 'text' | 'json' }) =>
      withInstall(async (store) => {
        const reset = await startPasswordReset(store, {
          who: { email },
          actor: actor(),
          baseUrl: publicBaseUrl(
            process.env.PUENTE_PUBLIC_URL,
            `http://127.0.0.1:${process.env.PORT ?? 3000}`,
          ),
        });
        if (o.format === 'json') {
          process.stdout.write(
            `${JSON.stringify({ email: reset.user.email, link: reset.link, expiresAt: reset.expiresAt })}\n`,
          );
          return;
        }
        const lang: Lang = program.opts().lang;
        // The person reads the time on the server's clock, with its zone named.
        const until = DateTime.fromISO(reset.expiresAt).toLocal().toFormat('yyyy-LL-dd HH:mm ZZZZ');
        process.stdout.write(texts[lang]({ email: reset.user.email, until, link: reset.link }));
      }),
    );
}
