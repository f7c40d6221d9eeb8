import { type Command, Option } from 'commander';
import { DateTime } from 'luxon';
import type { Lang } from '../i18n/messages.ts';
import { publicBaseUrl } from '../services/passwordReset.ts';
import {
  createOrganization,
  disableOrganization,
  grantPlatformAdminByEmail,
  organizations,
  platformAdmins,
  resolveOrganization,
  revokePlatformAdminByEmail,
} from '../services/platform.ts';
import { printRows, type RowFormat } from './printRows.ts';
import { actor, formatOption, installWide, withInstall } from './workspace.ts';

/**
 * `puente org …`: organizations on a shared install (a 3PL or an agency hosting many sellers).
 * The command line is trusted local access, as `puente users` is: whoever can run it on the
 * server can already read the database. It also makes the first platform administrator
 * (`puente org admin grant <email>`), who can then do the same through the API.
 */

const texts = {
  created: {
    en: (p: P) =>
      `Organization ${p.name} created (id ${p.id}).\nOwner ${p.email}: one-time link to choose a password, valid 30 minutes (until ${p.until}):\n\n  ${p.link}\n\nHand it to the owner; puente users reset-password ${p.email} makes a new one.\n`,
    zh: (p: P) =>
      `已创建组织 ${p.name}（编号 ${p.id}）。\n所有者 ${p.email} 设置密码的一次性链接，30 分钟内有效（至 ${p.until}）：\n\n  ${p.link}\n\n请把链接交给所有者；puente users reset-password ${p.email} 可重新生成。\n`,
    es: (p: P) =>
      `Organización ${p.name} creada (id ${p.id}).\nPropietario ${p.email}: enlace de un solo uso para elegir su contraseña, válido 30 minutos (hasta ${p.until}):\n\n  ${p.link}\n\nEntrégaselo al propietario; puente users reset-password ${p.email} genera uno nuevo.\n`,
  },
  disabled: {
    en: (p: P) =>
      `Organization ${p.name} is disabled: its users, API tokens and jobs stop; its data stays.\n`,
    zh: (p: P) => `组织 ${p.name} 已停用：其用户、API 令牌和后台任务都将停止；数据保留。\n`,
    es: (p: P) =>
      `La organización ${p.name} está deshabilitada: sus usuarios, tokens de API y tareas se detienen; sus datos se conservan.\n`,
  },
  enabled: {
    en: (p: P) => `Organization ${p.name} is enabled again.\n`,
    zh: (p: P) => `组织 ${p.name} 已重新启用。\n`,
    es: (p: P) => `La organización ${p.name} está habilitada de nuevo.\n`,
  },
  granted: {
    en: (p: P) => `${p.email} is a platform administrator.\n`,
    zh: (p: P) => `${p.email} 现在是平台管理员。\n`,
    es: (p: P) => `${p.email} es administrador de la plataforma.\n`,
  },
  revoked: {
    en: (p: P) => `${p.email} is no longer a platform administrator.\n`,
    zh: (p: P) => `${p.email} 已不再是平台管理员。\n`,
    es: (p: P) => `${p.email} ya no es administrador de la plataforma.\n`,
  },
} satisfies Record<string, Record<Lang, (p: P) => string>>;
type P = Record<string, string>;

export const orgCommandTexts = texts;

export function registerOrgCommands(program: Command): void {
  const lang = (): Lang => program.opts().lang;
  const say = (key: keyof typeof texts, p: P) => process.stdout.write(texts[key][lang()](p));
  const org = installWide(program.command('org')).description(
    'organizations on a shared install (many sellers on one database): platform administration',
  );

  org
    .command('create')
    .description(
      'create an organization and its owner; prints a one-time link (30 minutes) where the owner chooses a password',
    )
    .argument('<name>', 'the organization’s name, e.g. the seller’s company')
    .requiredOption('--owner <email>', 'the owner’s e-mail (their login)')
    .option('--owner-name <name>', 'the owner’s name', 'Owner')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((name: string, o: { owner: string; ownerName: string; format: 'text' | 'json' }) =>
      withInstall(async (store) => {
        const created = await createOrganization(store, {
          name,
          ownerEmail: o.owner,
          ownerName: o.ownerName,
          actor: actor(),
          baseUrl: publicBaseUrl(
            process.env.PUENTE_PUBLIC_URL,
            `http://127.0.0.1:${process.env.PORT ?? 3000}`,
          ),
        });
        if (o.format === 'json') {
          process.stdout.write(
            `${JSON.stringify({
              id: created.organization.id,
              name: created.organization.name,
              owner: created.owner.email,
              inviteLink: created.link,
              expiresAt: created.expiresAt,
            })}\n`,
          );
          return;
        }
        say('created', {
          name: created.organization.name,
          id: created.organization.id,
          email: created.owner.email,
          link: created.link,
          until: DateTime.fromISO(created.expiresAt).toLocal().toFormat('yyyy-LL-dd HH:mm ZZZZ'),
        });
      }),
    );

  org
    .command('list')
    .description('list organizations: id, name, users, created and disabled times (UTC)')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withInstall(async (store) => {
        const rows = (await organizations(store)).map((r) => ({
          id: r.id,
          name: r.name,
          users: r.users,
          created_utc: r.created_at,
          disabled_utc: r.disabled_at,
        }));
        printRows(rows, o.format, ['id', 'name', 'users', 'created_utc', 'disabled_utc']);
      }),
    );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    org
      .command(action)
      .description(
        disabled
          ? 'disable an organization: its users and API tokens are refused and its jobs stop; nothing is deleted'
          : 'enable a disabled organization again',
      )
      .argument('<id>', 'the organization’s id (or its first characters, as puente org list shows)')
      .action((id: string) =>
        withInstall(async (store) => {
          const target = await resolveOrganization(store, id);
          const row = await disableOrganization(store, { id: target.id, actor: actor(), disabled });
          say(disabled ? 'disabled' : 'enabled', { name: row.name });
        }),
      );

  const admin = org
    .command('admin')
    .description(
      'platform administrators: users who manage organizations (distinct from an organization’s owner)',
    );
  admin
    .command('grant')
    .description('make a user (of any organization) a platform administrator')
    .argument('<email>', 'the user’s e-mail')
    .action((email: string) =>
      withInstall(async (store) => {
        await grantPlatformAdminByEmail(store, email, actor());
        say('granted', { email: email.trim().toLowerCase() });
      }),
    );
  admin
    .command('revoke')
    .description('end a user’s platform administration')
    .argument('<email>', 'the user’s e-mail')
    .action((email: string) =>
      withInstall(async (store) => {
        await revokePlatformAdminByEmail(store, email, actor());
        say('revoked', { email: email.trim().toLowerCase() });
      }),
    );
  admin
    .command('list')
    .description('list platform administrators')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withInstall(async (store) => {
        const rows = (await platformAdmins(store)).map((r) => ({
          email: r.email,
          organization_id: r.organization_id,
          granted_by: r.granted_by,
          granted_utc: r.granted_at,
        }));
        printRows(rows, o.format, ['email', 'organization_id', 'granted_by', 'granted_utc']);
      }),
    );
}
