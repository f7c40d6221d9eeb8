import type { Command } from 'commander';
import type { Lang } from '../i18n/messages.ts';
import { noticeMessage } from '../i18n/notices.ts';
import { backup, type Outcome, restore } from '../services/backup.ts';
import { installWide } from './workspace.ts';

/**
 * `puente backup <file>` and `puente restore <file>` (services/backup.ts). They print what they did
 * on standard output, refusals and problems as `puente: …` lines on standard error, and set the
 * exit code themselves: 0 done, 1 done with a problem found, 2 an unusable input, 4 refused.
 * Lines are in the language of --lang.
 */

function report(outcome: Outcome, lang: Lang): void {
  for (const notice of outcome.out) process.stdout.write(`${noticeMessage(notice, lang)}\n`);
  for (const notice of outcome.err) process.stderr.write(`puente: ${noticeMessage(notice, lang)}\n`);
  process.exitCode = outcome.exitCode;
}

const DATA_DIR_HELP =
  'a data directory (puente.db and secret.key in it) instead of DATABASE_URL and ./puente-data';

export function registerBackupCommands(program: Command): void {
  installWide(program.command('backup'))
    .description(
      'copy the SQLite database while the server runs, with its secret key, into one file (mode 0600: keep it secret); on PostgreSQL, export the key and say how to use pg_dump',
    )
    .argument('<file>', 'the backup file to write')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--force', 'replace the file if it exists')
    .action(async (file: string, o: { dataDir?: string; force?: boolean }) =>
      report(await backup(file, o), program.opts().lang),
    );

  installWide(program.command('restore'))
    .description(
      'restore a backup made by puente backup: checks it, puts the database and the key in place, migrates, and verifies the stock ledger (exit 0 clean, 1 problems found, 2 unusable backup, 4 refused)',
    )
    .argument('<file>', 'a file written by puente backup')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--force', 'replace a database that holds data (it is kept beside as *.before-restore-<time>)')
    .action(async (file: string, o: { dataDir?: string; force?: boolean }) =>
      report(await restore(file, o), program.opts().lang),
    );
}
