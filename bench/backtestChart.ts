import * as echarts from 'echarts';
import { chromium } from 'playwright-core';
import type { DayTrace } from '../src/domain/planning/backtest/simulate.ts';
import { findChromium } from '../test/support/chromium.ts';

/**
 * The backtest's chart of one SKU: daily demand (bars; the part an empty shelf lost in red), stock
 * on hand under each policy, Puente's reorder point, and the day the hit was flagged. Drawn with
 * echarts' server-side SVG renderer, then photographed to PNG by the Chromium the browser tests use
 * (no image library needed).
 */

export interface ChartInput {
  title: string;
  puente: DayTrace[];
  naive: DayTrace[];
  flaggedOn: string | null;
}

const WIDTH = 1200;
const HEIGHT = 560;

export function backtestChartSvg(c: ChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  const dates = c.puente.map((d) => d.date);
  // The chart starts a few weeks before the flag: the months of quiet selling say little.
  const from = Math.max(0, c.flaggedOn ? dates.indexOf(c.flaggedOn) - 35 : 0);
  const cut = <T>(xs: T[]) => xs.slice(from);
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: c.title, left: 16, top: 10, textStyle: { fontSize: 16 } },
    legend: { top: 40, left: 16 },
    grid: { left: 60, right: 30, top: 95, bottom: 50 },
    xAxis: { type: 'category', data: cut(dates), axisLabel: { interval: 6 } },
    yAxis: { type: 'value', name: 'units', nameGap: 12 },
    series: [
      {
        name: 'demand sold (Puente)',
        type: 'bar',
        stack: 'demand',
        data: cut(c.puente.map((d) => d.sold)),
        itemStyle: { color: '#9ecae1' },
      },
      {
        name: 'demand lost to an empty shelf (Puente)',
        type: 'bar',
        stack: 'demand',
        data: cut(c.puente.map((d) => d.demand - d.sold)),
        itemStyle: { color: '#ef6548' },
      },
      {
        name: 'stock on hand, Puente',
        type: 'line',
        step: 'end',
        symbol: 'none',
        data: cut(c.puente.map((d) => d.onHand)),
        lineStyle: { width: 2.5, color: '#08519c' },
        itemStyle: { color: '#08519c' },
        markLine: c.flaggedOn
          ? {
              symbol: 'none',
              label: { formatter: `hit flagged ${c.flaggedOn}`, position: 'insideEndTop' },
              lineStyle: { color: '#d94801', type: 'solid', width: 2 },
              data: [{ xAxis: c.flaggedOn }],
            }
          : undefined,
      },
      {
        name: 'stock on hand, naive rule',
        type: 'line',
        step: 'end',
        symbol: 'none',
        data: cut(c.naive.map((d) => d.onHand)),
        lineStyle: { width: 1.5, type: 'dashed', color: '#737373' },
        itemStyle: { color: '#737373' },
      },
      {
        name: 'reorder point, Puente',
        type: 'line',
        symbol: 'none',
        data: cut(c.puente.map((d) => d.reorderPoint)),
        lineStyle: { width: 1.5, type: 'dotted', color: '#31a354' },
        itemStyle: { color: '#31a354' },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export async function svgToPng(svg: string, file: string): Promise<void> {
  const found = findChromium();
  if ('missing' in found) throw new Error(found.missing);
  const browser = await chromium.launch({ executablePath: found.path });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
  } finally {
    await browser.close();
  }
}
