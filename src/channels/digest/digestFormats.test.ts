import { describe, expect, it } from 'vitest';
import type { MorningDigest } from '../../services/morningDigest.ts';
import {
  digestEmail,
  digestFeishu,
  digestPlainText,
  digestSlack,
  digestWeCom,
  WECOM_MAX_BYTES,
} from './digestFormats.ts';
import { digestView } from './digestView.ts';

/**
 * One digest laid out for each channel kind, and in each language. The digest is a warehouse in
 * Los Angeles at 06:30 PST on Monday 7 December 2026: a busy queue, the 7-day late-dispatch rate over
 * the 4% line, a SKU whose title carries markup, a failure whose text carries `<` and `&`.
 */
const BASE = 'https://puente.example.com';
const order = (n: number, state: 'late' | 'at_risk') => ({
  externalId: `US-${n}`,
  storefront: 'TTS-US',
  state,
  dueBy: {
    at: state === 'late' ? '2026-12-05T01:00:00Z' : '2026-12-08T01:00:00Z',
    kind: 'operational' as const,
  },
  shortfalls: [],
});

function sample(overrides: Partial<MorningDigest> = {}): MorningDigest {
  return {
    warehouse: { code: 'CA', name: 'Ontario CA', timeZone: 'America/Los_Angeles' },
    at: '2026-12-07T14:30:00.000Z',
    day: '2026-12-07',
    link: `${BASE}/`,
    shipToday: { count: 14, nextPickup: '2026-12-08T01:00:00Z', link: `${BASE}/orders?warehouse=CA` },
    deadlines: {
      late: 1,
      atRisk: 12,
      atRiskHours: 12,
      orders: [order(1, 'late'), ...Array.from({ length: 9 }, (_, i) => order(2 + i, 'at_risk'))],
      link: `${BASE}/orders?warehouse=CA&status=reserved`,
    },
    awaitingStock: {
      orders: 1,
      units: 3,
      late: 0,
      list: [
        {
          externalId: 'US-77',
          storefront: 'TTS-US',
          state: 'awaiting_stock',
          dueBy: { at: '2026-12-09T07:59:00Z', kind: 'platform' },
          shortfalls: [{ sku: 'B', wanted: 3, available: 1 }],
        },
      ],
      link: `${BASE}/orders?warehouse=CA&status=awaiting_stock`,
    },
    lateDispatch: {
      windows: [
        { days: 7, due: 40, late: 2, rate: 0.05, level: 'warning' },
        { days: 30, due: 160, late: 3, rate: 0.01875, level: 'ok' },
      ],
      warning: 0.04,
      limit: 0.1,
      link: `${BASE}/`,
    },
    lowStock: {
      total: 1,
      items: [
        {
          sku: 'B',
          title: 'Cable <2m> & case',
          available: 1,
          inbound: 50,
          daysOfCover: 0.5,
          leadTimeDays: 21,
        },
      ],
      link: `${BASE}/inventory?low=1`,
    },
    syncErrors: {
      since: '2026-12-06T14:30:00.000Z',
      total: 1,
      items: [
        {
          source: 'tracking',
          severity: 'warning',
          state: 'open',
          message: 'TikTok Shop refused the tracking of order US-5 (UPS 1Z<9>): carrier & number mismatch',
          at: '2026-12-07T11:05:00.000Z',
        },
      ],
      outbox: [{ storefront: 'TTS-US', stockFailed: 2, trackingRefused: 1 }],
      link: `${BASE}/alerts?kind=sync_failure`,
    },
    ...overrides,
  };
}

describe('the digest in each language', () => {
  it('reads as a Mexican team writes it, with Pacific times named', () => {
    const text = digestPlainText(digestView(sample(), 'es'));
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Resumen matutino de CA · lunes 7 de diciembre de 2026',
      '',
      'Horas en la zona del almacén: America/Los_Angeles (PST).',
    ]);
    for (const line of [
      '  14 pedidos por enviar antes de la próxima recolección, 17:00 PST',
      '  1 atrasado, 12 en riesgo (límite operativo en menos de 12 h)',
      '    • US-1 · TTS-US · atrasado · límite operativo 4 dic, 17:00 PST',
      '    • …y 3 pedidos más',
      '  1 pedido en espera de inventario (3 unidades)',
      '    • US-77 · TTS-US · límite de la plataforma 8 dic, 23:59 PST · falta B ×3 (1 disponible)',
      '  Mantenla por debajo de 4%; por encima de 10%, la plataforma restringe la tienda.',
      '    • Últimos 7 días: 5% (2 de 40 con retraso), por encima del aviso de 4%',
      '    • Últimos 30 días: 1.9% (3 de 160 con retraso), por debajo del aviso de 4%',
      '    • B Cable <2m> & case: 1 disponible, 0.5 días de cobertura (reposición en 21 días), 50 en camino',
      '  1 error de sincronización desde 6 dic, 06:30 PST',
      '    • TTS-US: 2 cifra(s) de inventario que TikTok Shop no ha aceptado, 1 número(s) de guía rechazados',
    ])
      expect(text).toContain(line);
  });

  it('reads as an English-speaking lead expects, one order or many', () => {
    const one = sample({ shipToday: { ...sample().shipToday, count: 1 } });
    expect(digestPlainText(digestView(one, 'en'))).toContain('1 order to ship by the next pickup, 17:00 PST');
    const text = digestPlainText(digestView(sample(), 'en'));
    expect(text).toContain('CA morning digest · Monday, December 7, 2026');
    expect(text).toContain("Times in the warehouse's zone: America/Los_Angeles (PST).");
    expect(text).toContain('Last 7 days: 5% (2 late of 40), over the 4% warning line');
  });

  it('calls a quiet morning quiet', () => {
    const quiet = sample({
      shipToday: { ...sample().shipToday, count: 0 },
      deadlines: { ...sample().deadlines, late: 0, atRisk: 0, orders: [] },
      awaitingStock: { ...sample().awaitingStock, orders: 0, units: 0, list: [] },
      lateDispatch: { ...sample().lateDispatch, windows: [] },
      lowStock: { ...sample().lowStock, total: 0, items: [] },
      syncErrors: { ...sample().syncErrors, total: 0, items: [], outbox: [] },
    });
    const v = digestView(quiet, 'zh');
    expect(v.tone).toBe('ok');
    expect(v.sections.map((s) => s.summary)).toEqual([
      '下次揽收（17:00 PST）前没有须发出的订单。',
      '没有已超时或临近超时的订单。',
      '没有等待到货的订单。',
      '请保持在 4% 以下；超过 10% 时，平台将限制店铺。',
      '没有库存不足的 SKU。',
      '自 12月6日 06:30 PST 起没有同步失败。',
    ]);
    expect(v.sections[3]?.items).toEqual(['近 30 天该仓库没有到期的订单。']);
  });
});

describe('the digest laid out per channel', () => {
  const view = digestView(sample(), 'zh');

  it('is a Feishu card coloured by its worst part, with a link per part and a button to the overview', () => {
    const { msg_type, card } = digestFeishu(view);
    expect(msg_type).toBe('interactive');
    // Late orders and a rate over the warning line: the late order makes it red.
    expect(card.header).toEqual({ template: 'red', title: { tag: 'plain_text', content: view.title } });
    const divs = card.elements.filter((e) => (e as { tag: string }).tag === 'div') as {
      text: { tag: string; content: string };
    }[];
    expect(divs).toHaveLength(6);
    expect(divs[0]?.text.content).toContain(`[在 Puente 中查看](${BASE}/orders?warehouse=CA)`);
    expect(card.elements.at(-1)).toEqual({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: '在 Puente 中查看' },
          type: 'primary',
          url: `${BASE}/`,
        },
      ],
    });
  });

  it('is WeCom markdown within the robot’s 4,096 bytes, counts kept when lines are dropped', () => {
    const long = sample({
      deadlines: {
        ...sample().deadlines,
        orders: Array.from({ length: 10 }, (_, i) => ({
          ...order(100 + i, 'late'),
          storefront: 'X'.repeat(200),
        })),
      },
    });
    const { msgtype, markdown } = digestWeCom(digestView(long, 'zh'));
    expect(msgtype).toBe('markdown');
    expect(Buffer.byteLength(markdown.content, 'utf8')).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(markdown.content).toContain('已超时 1 单，临近超时 12 单');
    expect(markdown.content).toContain(`[在 Puente 中查看](${BASE}/orders?warehouse=CA&status=reserved)`);
    expect(markdown.content.startsWith(`# ${view.title}`)).toBe(true);
  });

  it('is Slack Block Kit with markup escaped and a button per part', () => {
    const { text, blocks } = digestSlack(view);
    expect(text).toBe(view.title);
    const sections = blocks.filter((b) => (b as { type: string }).type === 'section') as {
      text: { text: string };
      accessory: { url: string };
    }[];
    expect(sections.map((s) => s.accessory.url)).toEqual(view.sections.map((s) => s.link.url));
    const sync = sections[5]?.text.text ?? '';
    expect(sync).toContain('(UPS 1Z&lt;9&gt;): carrier &amp; number mismatch');
    expect(sync).not.toContain('<9>');
  });

  it('is an e-mail in the reader’s language, HTML escaped, with the plain text as its text part', () => {
    const es = digestView(sample(), 'es');
    const mail = digestEmail(es);
    expect(mail.subject).toBe('Resumen matutino de CA · lunes 7 de diciembre de 2026');
    expect(mail.text).toBe(digestPlainText(es));
    expect(mail.html).toContain('<html lang="es-MX">');
    expect(mail.html).toContain('B Cable &lt;2m&gt; &amp; case');
    expect(mail.html).toContain(`<a href="${BASE}/inventory?low=1">Abrir en Puente →</a>`);
  });
});
