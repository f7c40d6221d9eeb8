import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Command, Option } from 'commander';
import { calendarDate } from '../domain/readiness/launchRhythm.ts';
import { applicationStatuses } from '../domain/readiness/readinessFacts.ts';
import type { Lang } from '../i18n/messages.ts';
import { readinessDetail, readinessItemNames, readinessStatusNames } from '../i18n/readinessTexts.ts';
import { launchReadiness } from '../services/launchReadiness.ts';
import {
  addLaunchDocument,
  DOCUMENT_MAX_BYTES,
  documentFile,
  listDocuments,
  merchantStanding,
  removeLaunchDocument,
  setInvitationApplication,
  setMerchantProfile,
} from '../services/launchRecords.ts';
import { loadPolicy } from '../services/loadConfig.ts';
import { Refused } from '../services/refused.ts';
import { invitationApplications } from '../store/launchRecords.ts';
import { positiveInt, spsScore } from './argParsers.ts';
import { printRows } from './printRows.ts';
import { UsageError } from './usageError.ts';
import { actor, formatOption, withWorkspace } from './workspace.ts';

/**
 * Launch readiness [P18–P19]: `puente readiness` prints the plan; `puente merchant`, `puente
 * documents` and `puente applications` keep the records it reads (services/launchRecords.ts).
 */

const dateOption = (option: string) => (v: string) => {
  if (!calendarDate(v)) throw new UsageError({ key: 'not_a_date', params: { option, value: v } });
  return v;
};

const headings: Record<
  Lang,
  (p: { launch: string; today: string; zone: string; playbook: string }) => string
> = {
  en: (p) => `Launch ${p.launch} · today ${p.today} (${p.zone}) · playbook: ${p.playbook}`,
  zh: (p) => `上线日期 ${p.launch} · 今天 ${p.today}（${p.zone}）· 打法：${p.playbook}`,
  es: (p) => `Lanzamiento ${p.launch} · hoy ${p.today} (${p.zone}) · plan: ${p.playbook}`,
};
const playbookNames: Record<string, Record<Lang, string>> = {
  us_local: {
    en: 'US local merchant: reuse existing stock, open-category bestsellers, warm up the Mexico account early',
    zh: '美国本土商家：用现有库存，先做开放类目热销款，提前预热墨西哥账号',
    es: 'Vendedor local de EE. UU.: usa tu inventario actual, empieza con los más vendidos de categorías abiertas y calienta pronto la cuenta de México',
  },
  cn_cross_border: {
    en: 'Chinese cross-border merchant: 3C electronics and pet products on spot stock, then invitation categories',
    zh: '中国跨境商家：先用现货做 3C 数码和宠物用品，再扩展到定邀类目',
    es: 'Vendedor transfronterizo chino: electrónica 3C y productos para mascotas con inventario disponible, luego categorías por invitación',
  },
  none: {
    en: 'not known until the merchant profile is set',
    zh: '填写商家信息后才能确定',
    es: 'se sabrá al configurar el perfil del vendedor',
  },
};
const dueByWord: Record<Lang, string> = { en: 'due by', zh: '截止', es: 'fecha límite' };

export function registerReadinessCommands(program: Command): void {
  const lang = (): Lang => program.opts().lang;

  program
    .command('readiness')
    .description(
      'launch readiness [P18-P19]: each item done, missing or at risk, with the date it is due by (worked back from the launch date)',
    )
    .option('--launch <date>', 'launch date, YYYY-MM-DD (default: the next 1 April)', dateOption('--launch'))
    .option('--cover-days <n>', 'days of cover a core SKU needs in a US warehouse (default 30)', positiveInt)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((o: { launch?: string; coverDays?: number; format: 'text' | 'json' }) =>
      withWorkspace(async (store, org) => {
        const plan = await launchReadiness(store, org, {
          now: new Date(),
          launch: o.launch,
          coverDays: o.coverDays,
        });
        const l = lang();
        if (o.format === 'json') {
          const rows = plan.items.map((i) => ({
            item: i.item,
            status: i.status,
            dueBy: i.dueBy,
            detail: readinessDetail(i, l),
          }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const playbook = (playbookNames[plan.playbook.type ?? 'none'] ?? playbookNames.none)?.[l] ?? '';
        const lines = [
          headings[l]({ launch: plan.launch, today: plan.today, zone: plan.zone, playbook }),
          '',
        ];
        for (const i of plan.items) {
          const status = readinessStatusNames[i.status][l];
          lines.push(
            `[${status}] ${readinessItemNames[i.item][l]} · ${dueByWord[l]} ${i.dueBy} [${i.facts.join(', ')}]`,
          );
          lines.push(`    ${readinessDetail(i, l)}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );

  const merchant = program.command('merchant').description('the merchant profile readiness reads [P4]');
  merchant
    .command('set')
    .description('set the registered country and Shop Performance Score')
    .requiredOption('--country <code>', 'country where the merchant is registered, e.g. CN or US')
    .option('--sps <score>', 'Shop Performance Score, 0-5 (leave out when the shop has none yet)', spsScore)
    .action((o: { country: string; sps?: number }) =>
      withWorkspace(async (store, org) => {
        await setMerchantProfile(
          store,
          { organizationId: org, actor: actor() },
          { country: o.country, sps: o.sps ?? null },
        );
        const standing = await merchantStanding(store, org, await loadPolicy());
        printRows(
          [
            {
              country: standing?.country,
              sps: standing?.sps,
              type: standing?.type,
              eligibility: standing?.eligibility.status,
            },
          ],
          'table',
        );
      }),
    );
  merchant
    .command('show')
    .description('print the merchant profile and what the program says of it')
    .addOption(formatOption())
    .action((o: { format: 'table' | 'json' | 'csv' }) =>
      withWorkspace(async (store, org) => {
        const s = await merchantStanding(store, org, await loadPolicy());
        printRows(
          s ? [{ country: s.country, sps: s.sps, type: s.type, eligibility: s.eligibility.status }] : [],
          o.format,
          ['country', 'sps', 'type', 'eligibility'],
        );
      }),
    );

  const documents = program
    .command('documents')
    .description('documents for invitation categories [P6]: COFEPRIS notice, affiliation proof');
  documents
    .command('add')
    .description(`store a document and its file (at most ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB)`)
    .requiredOption('--kind <kind>', 'cofepris_operation_notice or mx_us_affiliation_proof')
    .option('--category <id>', 'the invitation category it is for, e.g. beauty.personal_care (default: any)')
    .requiredOption('--issued <date>', 'issue date, YYYY-MM-DD')
    .option('--expires <date>', 'expiry date, YYYY-MM-DD (leave out when it does not expire)')
    .requiredOption('--file <path>', 'the scanned document or PDF')
    .addOption(formatOption())
    .action(
      (o: {
        kind: string;
        category?: string;
        issued: string;
        expires?: string;
        file: string;
        format: 'table' | 'json' | 'csv';
      }) =>
        withWorkspace(async (store, org) => {
          const content = await readFile(o.file).catch(() => {
            throw new Refused('usage', {
              key: 'document_file',
              params: { name: o.file, max: DOCUMENT_MAX_BYTES / 1024 / 1024 },
            });
          });
          const doc = await addLaunchDocument(
            store,
            { organizationId: org, actor: actor() },
            {
              kind: o.kind,
              category: o.category ?? null,
              issuedOn: o.issued,
              expiresOn: o.expires ?? null,
              fileName: basename(o.file),
              contentType: contentTypeOf(o.file),
              content,
            },
          );
          printRows([documentRow(doc)], o.format);
        }),
    );
  documents
    .command('list')
    .description('the documents, newest first')
    .addOption(formatOption())
    .action((o: { format: 'table' | 'json' | 'csv' }) =>
      withWorkspace(async (store, org) => {
        printRows((await listDocuments(store, org)).map(documentRow), o.format, [
          'id',
          'kind',
          'category',
          'issuedOn',
          'expiresOn',
          'fileName',
          'sizeBytes',
        ]);
      }),
    );
  documents
    .command('get')
    .description('write a document’s file out')
    .argument('<id>', 'the document id (puente documents list)')
    .requiredOption('--out <file>', 'where to write it')
    .action((id: string, o: { out: string }) =>
      withWorkspace(async (store, org) => {
        const doc = await documentFile(store, org, id);
        await writeFile(o.out, doc.content);
      }),
    );
  documents
    .command('remove')
    .description('delete a document and its file')
    .argument('<id>', 'the document id (puente documents list)')
    .action((id: string) =>
      withWorkspace((store, org) => removeLaunchDocument(store, { organizationId: org, actor: actor() }, id)),
    );

  const applications = program
    .command('applications')
    .description('applications to the account manager for invitation categories [P6]');
  applications
    .command('set')
    .description('record an application and where it stands')
    .argument('<category>', 'invitation category id, e.g. beauty.personal_care')
    .addOption(
      new Option('--status <status>', 'where it stands').choices(applicationStatuses).default('applied'),
    )
    .requiredOption('--on <date>', 'the day it was sent, YYYY-MM-DD')
    .action((category: string, o: { status: (typeof applicationStatuses)[number]; on: string }) =>
      withWorkspace((store, org) =>
        setInvitationApplication(
          store,
          { organizationId: org, actor: actor() },
          { category, status: o.status, appliedOn: o.on },
        ),
      ),
    );
  applications
    .command('list')
    .description('the applications, by category')
    .addOption(formatOption())
    .action((o: { format: 'table' | 'json' | 'csv' }) =>
      withWorkspace(async (store, org) => {
        const rows = await invitationApplications(store, org);
        printRows(
          rows.map((a) => ({ category: a.category, status: a.status, appliedOn: a.applied_on })),
          o.format,
          ['category', 'status', 'appliedOn'],
        );
      }),
    );
}

function documentRow(d: {
  id: string;
  kind: string;
  category: string | null;
  issued_on: string;
  expires_on: string | null;
  file_name: string;
  size_bytes: number;
}) {
  return {
    id: d.id,
    kind: d.kind,
    category: d.category,
    issuedOn: d.issued_on,
    expiresOn: d.expires_on,
    fileName: d.file_name,
    sizeBytes: d.size_bytes,
  };
}

const contentTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};
const contentTypeOf = (file: string) =>
  contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
