import type { Lang } from './messages.ts';

/**
 * What `puente tiktok reconcile` prints, in zh-CN, en and es-MX. Terms follow the dashboard's
 * glossary: 店铺/tienda, 仓库/almacén, 库存/existencias, 预警/alerta.
 */
type Params = Record<string, string | number>;

const texts = {
  reconcile_summary: {
    en: (p: Params) =>
      `${p.storefront}: ${p.checked} SKU(s) compared with TikTok Shop, ${p.drifted} differed${p.notOnTikTok ? `, ${p.notOnTikTok} not listed at TikTok` : ''}; ${p.calls} call(s)`,
    zh: (p: Params) =>
      `${p.storefront}：已与 TikTok Shop 核对 ${p.checked} 个 SKU，${p.drifted} 个不一致${p.notOnTikTok ? `，${p.notOnTikTok} 个未在 TikTok 上架` : ''}；调用 ${p.calls} 次`,
    es: (p: Params) =>
      `${p.storefront}: ${p.checked} SKU comparados con TikTok Shop, ${p.drifted} no coincidían${p.notOnTikTok ? `, ${p.notOnTikTok} sin publicar en TikTok` : ''}; ${p.calls} llamada(s)`,
  },
  reconcile_repushed: {
    en: (p: Params) =>
      `sent again: ${p.pushed} SKU(s) taken${p.failed ? `, ${p.failed} failed (an alert says why)` : ''}`,
    zh: (p: Params) =>
      `已重新推送：${p.pushed} 个 SKU 成功${p.failed ? `，${p.failed} 个失败（原因见预警）` : ''}`,
    es: (p: Params) =>
      `enviados de nuevo: ${p.pushed} SKU aceptados${p.failed ? `, ${p.failed} fallaron (la alerta dice por qué)` : ''}`,
  },
  connected: {
    en: (p: Params) =>
      `${p.storefront} connected to TikTok shop ${p.shop} (${p.region}, id ${p.id}) at ${p.apiBase}`,
    zh: (p: Params) =>
      `${p.storefront} 已连接 TikTok Shop 店铺 ${p.shop}（${p.region}，ID ${p.id}），接口地址 ${p.apiBase}`,
    es: (p: Params) =>
      `${p.storefront} quedó conectada a la tienda de TikTok Shop ${p.shop} (${p.region}, id ${p.id}) en ${p.apiBase}`,
  },
  unmapped_warehouses: {
    en: (p: Params) =>
      `${p.n} sales warehouse(s) not mapped: no stock is pushed to them (puente tiktok warehouses --storefront ${p.storefront} --map <Puente code>=<TikTok id>)`,
    zh: (p: Params) =>
      `${p.n} 个销售仓库尚未对应：不会向它们推送库存（puente tiktok warehouses --storefront ${p.storefront} --map <Puente 仓库代码>=<TikTok 仓库 ID>）`,
    es: (p: Params) =>
      `${p.n} almacén(es) de venta sin asignar: no se les envía inventario (puente tiktok warehouses --storefront ${p.storefront} --map <código en Puente>=<id en TikTok>)`,
  },
  drift_columns: {
    en: () => 'SKU|TikTok warehouse|TikTok shows|Puente pushes',
    zh: () => 'SKU|TikTok 仓库|TikTok 显示|Puente 推送',
    es: () => 'SKU|Almacén de TikTok|TikTok muestra|Puente envía',
  },
} satisfies Record<string, Record<Lang, (p: Params) => string>>;

export function tiktokText(key: keyof typeof texts, lang: Lang, params: Params = {}): string {
  return texts[key][lang](params);
}

/** Every text here, for the glossary test (src/i18n/glossary.test.ts). */
export const tiktokTables = { texts };
