import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview } from '../apiModels';
import { useFormat } from '../format';
import { EChart } from './EChart';

/** Late-dispatch rate per storefront over 7 and 30 days, against the warning and limit lines [P11]. */
export function LateDispatchChart({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const option = useMemo<EChartsCoreOption>(() => {
    const storefronts = [...new Set(data.lateDispatch.map((r) => r.storefront))];
    const series = ([7, 30] as const).map((days) => {
      const rows = storefronts.map((s) =>
        data.lateDispatch.find((r) => r.storefront === s && r.days === days),
      );
      return {
        name: t('overview.lastDays', { days }),
        type: 'bar',
        barMaxWidth: 48,
        itemStyle: { color: days === 7 ? '#4c6ef5' : '#91a7ff', borderRadius: [4, 4, 0, 0] },
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: (p: { value: number }) => f.percent(p.value),
        },
        data: rows.map((r) => ({ value: r?.rate ?? 0, late: r?.late ?? 0, total: r?.total ?? 0 })),
        ...(days === 7
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                data: [
                  {
                    yAxis: data.thresholds.warning,
                    name: t('overview.warningLine'),
                    lineStyle: { color: '#f08c00', type: 'dashed', width: 2 },
                    label: {
                      formatter: `${t('overview.warningLine')} ${f.percent(data.thresholds.warning, 0)}`,
                      position: 'insideEndTop',
                      color: '#e67700',
                    },
                  },
                  {
                    yAxis: data.thresholds.limit,
                    name: t('overview.limitLine'),
                    lineStyle: { color: '#e03131', type: 'solid', width: 2 },
                    label: {
                      formatter: `${t('overview.limitLine')} ${f.percent(data.thresholds.limit, 0)}`,
                      position: 'insideEndTop',
                      color: '#c92a2a',
                    },
                  },
                ],
              },
            }
          : {}),
      };
    });
    // A storefront with nothing due has no rate (null): it draws at 0 and never sets the axis.
    const highest = Math.max(data.thresholds.limit, ...data.lateDispatch.map((r) => r.rate ?? 0));
    // Round steps (2 % up to 20 %, then 5 %, then 10 %) so the axis reads 0 %, 2 %, 4 %…
    const step = highest <= 0.2 ? 0.02 : highest <= 0.5 ? 0.05 : 0.1;
    const max = Math.min(1, Math.ceil((highest * 1.15) / step) * step);
    return {
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { seriesName: string; data: { value: number; late: number; total: number } }[]) =>
          params
            .map(
              (p) =>
                `${p.seriesName}: <b>${f.percent(p.data.value)}</b> (${t('overview.lateOfTotal', {
                  late: f.number(p.data.late),
                  total: f.number(p.data.total),
                })})`,
            )
            .join('<br/>'),
      },
      xAxis: { type: 'category', data: storefronts },
      yAxis: {
        type: 'value',
        min: 0,
        max,
        interval: step,
        axisLabel: { formatter: (v: number) => f.percent(v, 0) },
      },
      series,
    };
  }, [data, t, f]);
  return <EChart option={option} height={300} testId="late-dispatch-chart" />;
}
