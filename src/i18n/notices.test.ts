import { describe, expect, it } from 'vitest';
import { noticeMessage, problemTableRow } from './notices.ts';
import { tiktokText } from './tiktokTexts.ts';

/**
 * What the command line says it did, in the three languages: the same figures, the glossary's
 * words (订单/pedido, 仓库/almacén, 已发货/enviado, 预警/alerta, 在库/en existencia).
 */
describe('what a stock or order command did', () => {
  it('says a shipped order and a cancelled one', () => {
    const shipped = { key: 'order_shipped', params: { order: 'MX-1' } } as const;
    expect(noticeMessage(shipped, 'en')).toBe('order MX-1 shipped');
    expect(noticeMessage(shipped, 'zh')).toBe('订单 MX-1 已发货');
    expect(noticeMessage(shipped, 'es')).toBe('pedido MX-1 enviado');
    const cancelled = { key: 'order_cancelled', params: { order: 'MX-2' } } as const;
    expect(noticeMessage(cancelled, 'zh')).toBe('订单 MX-2 已取消');
    expect(noticeMessage(cancelled, 'es')).toBe('pedido MX-2 cancelado');
  });

  it('says a return back on hand, and one written off', () => {
    const params = { order: 'MX-1', quantity: 2, sku: 'A' };
    expect(noticeMessage({ key: 'returned_restocked', params }, 'zh')).toBe(
      '订单 MX-1：A 退货 2 件，已退回在库',
    );
    expect(noticeMessage({ key: 'returned_damaged', params }, 'es')).toBe(
      'pedido MX-1: devolución de 2 A dañados, dados de baja',
    );
  });

  it('says a receipt, an inbound figure, an adjustment and a transfer', () => {
    expect(
      noticeMessage({ key: 'received', params: { quantity: 40, sku: 'A', warehouse: 'TX' } }, 'zh'),
    ).toBe('仓库 TX 已入库 A 40 件');
    expect(
      noticeMessage(
        { key: 'inbound_set', params: { quantity: 5, sku: 'A', warehouse: 'TX', eta: '2026-12-15' } },
        'es',
      ),
    ).toBe('5 A en camino a TX, llegada prevista el 2026-12-15');
    expect(noticeMessage({ key: 'adjusted', params: { sku: 'A', warehouse: 'TX', delta: -2 } }, 'es')).toBe(
      'se ajustó A en TX: -2',
    );
    expect(
      noticeMessage({ key: 'moved', params: { quantity: 3, sku: 'A', from: 'TX', to: 'CA' } }, 'zh'),
    ).toBe('已将 A 3 件从仓库 TX 调拨到 CA');
  });

  it('says a warehouse change and the deadlines it recomputed', () => {
    const params = { code: 'TX', recomputed: 4 };
    expect(noticeMessage({ key: 'warehouse_updated', params }, 'en')).toBe(
      'warehouse TX updated; operational deadline of 4 open orders recomputed',
    );
    expect(noticeMessage({ key: 'warehouse_updated', params }, 'zh')).toBe(
      '已更新仓库 TX；已重新计算 4 个未完成订单的发货截止时间',
    );
    expect(noticeMessage({ key: 'warehouse_updated', params: { code: 'TX', recomputed: 0 } }, 'es')).toBe(
      'se actualizó el almacén TX',
    );
    expect(noticeMessage({ key: 'storefront_updated', params: { code: 'MX', version: 3 } }, 'es')).toBe(
      'se actualizó la tienda MX: versión 3',
    );
  });

  it('says an alert acknowledged or resolved in the glossary words', () => {
    expect(noticeMessage({ key: 'alert_acknowledged', params: { id: 'ab12cd34' } }, 'es')).toBe(
      'alerta ab12cd34 en atención',
    );
    expect(noticeMessage({ key: 'alert_resolved_now', params: { id: 'ab12cd34' } }, 'zh')).toBe(
      '预警 ab12cd34 已解决',
    );
  });

  it('says what puente verify found', () => {
    const params = { levels: 12, movements: 40, countsToo: 'yes' };
    expect(noticeMessage({ key: 'ledger_verified', params }, 'es')).toBe(
      'registro de movimientos verificado: 12 niveles de inventario coinciden con 40 movimientos y las reservas activas; los conteos de pedidos coinciden con los pedidos',
    );
    expect(noticeMessage({ key: 'levels_drift', params: { n: 2 } }, 'zh')).toBe(
      '不一致：库存数量与库存流水有 2 处差异',
    );
    expect(noticeMessage({ key: 'counts_drift', params: { n: 1 } }, 'es')).toBe(
      'DISCREPANCIA: 1 conteo(s) de pedidos no coinciden con un reconteo de los pedidos',
    );
  });
});

describe('what puente serve says at its first start', () => {
  it('shows the owner password once, pointing to Settings → Users as the dashboard names them', () => {
    const params = { email: 'owner@example.com', password: 's3cret' };
    expect(noticeMessage({ key: 'first_owner', params }, 'zh')).toContain(
      '请登录，然后在“设置 → 用户”中添加团队成员。',
    );
    expect(noticeMessage({ key: 'first_owner', params }, 'es')).toContain('  contraseña: s3cret\n');
    expect(noticeMessage({ key: 'serve_running', params: { url: 'http://x' } }, 'es')).toBe(
      'Puente está en marcha en http://x  (API http://x/api/v1, documentación http://x/api/docs)',
    );
  });
});

describe('what puente demo loaded', () => {
  it('counts it in Chinese and Spanish, the commands to try as they are', () => {
    const params = { skus: 200, orders: 900, oversold: 3, due: 12, low: 7, commands: 'puente alerts' };
    expect(noticeMessage({ key: 'demo_loaded', params }, 'zh')).toBe(
      '演示数据已载入：200 个 SKU，60 天内 900 个订单（3 个无法备货），12 个订单 12 小时内到期或已延迟，7 组 SKU × 仓库库存偏低。可以试试：puente alerts',
    );
    expect(noticeMessage({ key: 'demo_loaded', params }, 'es')).toMatch(
      /^demo cargada: 200 SKU, 900 pedidos en 60 días \(3 no se pudieron surtir\)/,
    );
  });
});

describe('what an import or a check adds', () => {
  it('counts the problems and warnings past the listed ones', () => {
    const params = { problems: 5, warnings: 0, listed: 1000 };
    expect(noticeMessage({ key: 'more_not_listed', params }, 'zh')).toBe(
      '另有 5 个问题和 0 条警告未列出（各只列出前 1000 条）：请修正原因后重新导入',
    );
    expect(noticeMessage({ key: 'more_not_listed', params }, 'es')).toBe(
      '5 problema(s) y 0 aviso(s) más no se muestran (solo los primeros 1000 de cada tipo): corrige sus causas e importa de nuevo',
    );
  });

  it("heads an import's problem table in the user's language", () => {
    const p = { row: 3, field: 'quantity', message: 'no es un número entero ≥ 0 ("x")' };
    expect(problemTableRow(p, 'es')).toEqual({ fila: 3, columna: 'quantity', problema: p.message });
    expect(Object.keys(problemTableRow(p, 'zh'))).toEqual(['行', '列', '问题']);
  });

  it('names the columns it ignored and the file it wrote', () => {
    expect(noticeMessage({ key: 'ignored_columns', params: { columns: 'color, 备注' } }, 'zh')).toBe(
      '提示：已忽略以下列：color, 备注',
    );
    expect(noticeMessage({ key: 'results_written', params: { rows: 20, file: 'out.csv' } }, 'es')).toBe(
      'se escribieron 20 resultados en out.csv',
    );
  });
});

describe('what puente tiktok says it did', () => {
  it('names the shop connected and the warehouses left unmapped', () => {
    const shop = { storefront: 'TTS-MX', shop: 'Tienda', region: 'MX', id: '77', apiBase: 'https://x' };
    expect(tiktokText('connected', 'zh', shop)).toBe(
      'TTS-MX 已连接 TikTok Shop 店铺 Tienda（MX，ID 77），接口地址 https://x',
    );
    expect(tiktokText('unmapped_warehouses', 'es', { n: 2, storefront: 'TTS-MX' })).toMatch(
      /^2 almacén\(es\) de venta sin asignar: no se les envía inventario/,
    );
  });
});
