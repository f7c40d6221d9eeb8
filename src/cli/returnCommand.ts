import { type Command, Option } from 'commander';
import { noticeMessage } from '../i18n/notices.ts';
import { orderId } from '../services/lookups.ts';
import { returnOrderItems } from '../services/orderActions.ts';
import { positiveInt } from './argParsers.ts';
import { UsageError } from './usageError.ts';
import { actor, withWorkspace } from './workspace.ts';

/** `puente return`: units of a shipped order came back, sellable or damaged. */
export function registerReturnCommand(program: Command): void {
  program
    .command('return')
    .description(
      'record units of a shipped order that came back: on hand again (--restock) or written off (--damaged)',
    )
    .argument('<order>', 'the marketplace order id')
    .requiredOption('--sku <sku>', 'the SKU that came back')
    .requiredOption('--quantity <n>', 'units that came back', positiveInt)
    .addOption(new Option('--restock', 'sellable: the units are back on hand').conflicts('damaged'))
    .addOption(new Option('--damaged', 'not sellable: recorded, then written off').conflicts('restock'))
    .option(
      '--warehouse <code>',
      'where the units came back to (default: the warehouse that shipped most of them)',
    )
    .option('--storefront <code>', 'the storefront, when two storefronts share the order id')
    .action(
      (
        external: string,
        o: {
          sku: string;
          quantity: number;
          restock?: boolean;
          damaged?: boolean;
          warehouse?: string;
          storefront?: string;
        },
      ) => {
        if (!o.restock && !o.damaged) throw new UsageError({ key: 'restock_or_damaged' });
        return withWorkspace(async (store, org) => {
          await returnOrderItems(store, org, await orderId(store, org, external, o.storefront), {
            sku: o.sku,
            quantity: o.quantity,
            restock: Boolean(o.restock),
            warehouse: o.warehouse,
            actor: actor(),
          });
          const said = noticeMessage(
            {
              key: o.restock ? 'returned_restocked' : 'returned_damaged',
              params: { order: external, quantity: o.quantity, sku: o.sku },
            },
            program.opts().lang,
          );
          process.stdout.write(`${said}\n`);
        });
      },
    );
}
