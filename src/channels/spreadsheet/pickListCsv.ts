import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../i18n/messages.ts';
import { pickListWords } from '../../i18n/pickListWords.ts';
import type { PickList } from '../../services/pickList.ts';

/**
 * The pick list as CSV: one row per SKU and warehouse, the orders as "MX-1001 ×2; MX-1002 ×1".
 * It starts with a UTF-8 byte-order mark: without it, Excel reads UTF-8 as the system code page
 * and Chinese titles come out garbled.
 */
export function pickListCsv(list: PickList, lang: Lang): string {
  const w = pickListWords[lang];
  const rows = list.groups.map((g) => [
    g.warehouse,
    g.sku,
    g.title,
    g.totalQuantity,
    g.orders.map((o) => `${o.externalId} ×${o.quantity}`).join('; '),
  ]);
  return `\uFEFF${stringify([[w.warehouse, w.sku, w.title, w.total, w.orders], ...rows], { record_delimiter: '\r\n' })}`;
}

/** `拣货单-20261130-1405.csv`: the list's name in the user's language and when it was made (UTC). */
export function pickListFileName(list: PickList, lang: Lang): string {
  const stamp = list.generatedAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${pickListWords[lang].fileName}-${stamp}.csv`;
}
