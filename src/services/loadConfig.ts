import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type CostRules, costRulesSchema } from '../domain/cost/costRules.ts';
import { type FitConfig, fitConfigSchema } from '../domain/fit/assessFit.ts';
import { type PlanningConfig, planningConfigSchema } from '../domain/planning/planningConfig.ts';
import { type Merchant, merchantSchema, unknownMerchantIds } from '../domain/policy/merchant.ts';
import { type Policy, policySchema } from '../domain/policy/policy.ts';
import { packagePath } from './packageFiles.ts';

/**
 * Loads the data files Puente runs on: program policies, merchant profiles, fit thresholds, planning
 * rules.
 */

export const POLICY_DIR = packagePath('policies/');
export const DEFAULT_POLICY = 'tiktok-us-mx-2026';
const DEFAULT_FIT = packagePath('config/fit.json');
const DEFAULT_PLANNING = packagePath('config/planning.json');

/** A data file that does not match its schema; the message names the file and each bad field. */
export class ConfigError extends Error {}

async function readJson<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ConfigError(`${what} ${file}: ${why}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`)
      .join('\n');
    throw new ConfigError(`${what} ${file} is not valid:\n${issues}`);
  }
  return parsed.data;
}

/** `ref` is a policy id (a file in policies/) or a path to a policy file. */
export async function loadPolicy(ref: string = DEFAULT_POLICY): Promise<Policy> {
  const bundled = `${POLICY_DIR}${ref}.json`;
  const file = /^[a-z0-9-]+$/.test(ref) && existsSync(bundled) ? bundled : ref;
  return readJson(file, policySchema, 'policy');
}

export async function loadMerchant(file: string, policy: Policy): Promise<Merchant> {
  const merchant = await readJson(file, merchantSchema, 'merchant profile');
  const unknown = unknownMerchantIds(policy, merchant);
  if (unknown.length)
    throw new ConfigError(
      `merchant profile ${file}: unknown ids for policy ${policy.id}: ${unknown.join(', ')}`,
    );
  return merchant;
}

export async function loadFitConfig(file?: string): Promise<FitConfig> {
  const defaults = await readJson(DEFAULT_FIT, fitConfigSchema, 'fit config');
  if (!file) return defaults;
  const own = await readJson(file, fitConfigSchema.partial(), 'fit config');
  return { ...defaults, ...own, points: { ...defaults.points, ...own.points } };
}

/** Restock planning rules [P13, P14]: config/planning.json, or another file of the same shape. */
export async function loadPlanningConfig(file: string = DEFAULT_PLANNING): Promise<PlanningConfig> {
  return readJson(file, planningConfigSchema, 'planning config');
}

const COST_RULES = packagePath('policies/cost/mx-import-cost-rules.json');

/** Mexican import and platform rules, dated, with sources (landed cost). */
export async function loadCostRules(file: string = COST_RULES): Promise<CostRules> {
  return readJson(file, costRulesSchema, 'cost rules');
}
