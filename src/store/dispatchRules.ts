import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { loadPolicy } from '../services/loadConfig.ts';

/**
 * The dispatch rule [P11] of a policy, read from its file once per process. A waiting order is
 * reserved inside the transaction of the stock change that freed its units (a receipt, a cancel),
 * where no service has handed in its storefront's policy: the store asks here.
 */
const rules = new Map<string, Promise<DispatchRule>>();

export function dispatchRule(policyId: string): Promise<DispatchRule> {
  let rule = rules.get(policyId);
  if (!rule) {
    rule = loadPolicy(policyId).then((p) => p.dispatch);
    rules.set(policyId, rule);
  }
  return rule;
}
