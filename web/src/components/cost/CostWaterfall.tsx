import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteCost } from '../../apiModels';
import { useFormat } from '../../format';
import { EChart } from '../EChart';

const parts = [
  ['goods', 'goodsMinor', '#4c6ef5'],
  ['freight', 'freightMinor', '#15aabf'],
  ['duty', 'dutyMinor', '#fa5252'],
  ['fees', 'feesMinor', '#fab005'],
  ['platform', 'platformMinor', '#be4bdb'],
] as const;

/**
 * One route's landed cost as a waterfall: each part (goods, freight, duty and tax, fees, platform)
 * stacked on the sum before it, then the landed cost and the price, in MXN.
 */
export function CostWaterfall({ cost }: { cost: RouteCost }) {
  const { t } = useTranslation();
  const f = useFormat();
  const option = useMemo<EChartsCoreOption>(() => {
    const mxn = (minor: number) => f.money({ minor: minor, currency: 'MXN' });
    let base = 0;
    const bases: number[] = [];
    const values: { value: number; itemStyle: { color: string } }[] = [];
    for (const [, field, color] of parts) {
      bases.push(base / 100);
      values.push({ value: cost[field] / 100, itemStyle: { color } });
      base += cost[field];
    }
    bases.push(0, 0);
    values.push(
      { value: cost.landedCostMinor / 100, itemStyle: { color: '#343a40' } },
      { value: cost.revenueMinor / 100, itemStyle: { color: cost.marginMinor >= 0 ? '#40c057' : '#e03131' } },
    );
    return {
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { name: string; seriesIndex: number; value: number }[]) => {
          const p = ps.find((x) => x.seriesIndex === 1);
          return p ? `${p.name}: ${mxn(Math.round(p.value * 100))}` : '';
        },
      },
      xAxis: {
        type: 'category',
        data: [
          ...parts.map(([key]) => t(`cost.parts.${key}`)),
          t('cost.parts.landed'),
          t('cost.parts.price'),
        ],
        axisLabel: { interval: 0, fontSize: 10, rotate: 35 },
      },
      yAxis: { type: 'value', axisLabel: { fontSize: 11 } },
      series: [
        { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: bases },
        {
          type: 'bar',
          stack: 'w',
          barMaxWidth: 40,
          label: {
            show: true,
            position: 'top',
            fontSize: 10,
            formatter: (p: { value: number }) => f.number(p.value),
          },
          data: values,
        },
      ],
    };
  }, [cost, t, f]);
  return <EChart option={option} height={260} testId={`cost-waterfall-${cost.route}`} />;
}
