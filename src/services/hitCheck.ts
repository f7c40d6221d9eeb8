import type { PlanningConfig } from '../domain/planning/planningConfig.ts';
import { raiseAlert, resolveAlert } from '../store/alerts.ts';
import { openHitSubjects } from '../store/hitAlerts.ts';
import type { Store } from '../store/openDatabase.ts';
import { inTransaction } from '../store/transaction.ts';
import { type HitLine, planRestock, type RestockLine } from './restockPlan.ts';

/**
 * The scheduled hit check [P14]: "let data confirm a hit, and restock the US warehouse at once". Each
 * SKU × storefront flagged by the hit test gets one open alert, "hit — restock now", carrying the
 * suggested quantity, the cover left and the day the stock runs out at the current pace; a test SKU
 * that hits is proposed for promotion to core [P13]. An alert whose hit has passed is resolved.
 */
export interface HitCheckResult {
  hits: number;
  raised: number;
  resolved: number;
}

export const hitSubject = (h: Pick<HitLine, 'skuId' | 'storefrontId'>) => `hit:${h.skuId}:${h.storefrontId}`;

export async function checkHits(
  store: Store,
  org: string,
  now: Date,
  config?: PlanningConfig,
): Promise<HitCheckResult> {
  const plan = await planRestock(store, org, now, config ? { config } : {});
  return inTransaction(store, async (trx) => {
    const open = new Set(await openHitSubjects(trx, org));
    let raised = 0;
    for (const h of plan.hits) {
      // The suggestion of the warehouse that serves the storefront's sales of the SKU.
      const line: RestockLine | undefined = plan.lines.find((l) => l.skuId === h.skuId && l.hit);
      const subject = hitSubject(h);
      if (!open.has(subject)) raised++;
      open.delete(subject);
      const suggested = line?.suggestedQuantity ?? 0;
      const cover = line?.coverDaysNow ?? null;
      await raiseAlert(trx, {
        organizationId: org,
        kind: 'restock_hit',
        subject,
        severity: 'critical',
        message:
          `hit — restock now: ${h.sku} on ${h.storefront} sold ${h.observed} in ${h.windowHours} h, ` +
          `${h.ratio.toFixed(1)}× the usual ${h.expected.toFixed(1)}; suggest ${suggested}` +
          `${line ? ` for ${line.warehouse}` : ''}, ${cover === null ? '—' : cover.toFixed(1)} days of cover left, ` +
          `runs out ${h.runsOutOn ?? '—'}${h.class === 'test' ? '; a test SKU: promote it to core' : ''}`,
        data: {
          sku: h.sku,
          skuId: h.skuId,
          storefront: h.storefront,
          warehouse: line?.warehouse ?? null,
          windowHours: h.windowHours,
          observed: h.observed,
          expected: h.expected,
          ratio: h.ratio,
          pValue: h.pValue,
          suggestedQuantity: suggested,
          coverDaysNow: cover,
          runsOutOn: h.runsOutOn,
          promoteToCore: h.class === 'test',
        },
      });
    }
    for (const subject of open) await resolveAlert(trx, org, 'restock_hit', subject);
    return { hits: plan.hits.length, raised, resolved: open.size };
  });
}
