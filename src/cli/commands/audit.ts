/** `tokenprint audit DEPLOYMENT|SCENARIO`: the 10-point Green-AI checklist, savings from the planner (docs/disclose.md). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { auditDeployment, auditLedgerDeployment } from '../../disclose/audit.js';
import { loadScenarioFile } from '../../plan/scenario.js';
import { runPlan } from '../../plan/plan.js';
import { parsePositiveInt } from '../parse.js';
import { emit, outputOptions, type OutputFlags } from './disclose-output.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';

interface Flags extends OutputFlags, LedgerFlags {
  scenario?: string;
  period?: string;
  from?: string;
  to?: string;
  factorSet?: string;
  disclosed?: boolean;
}

export function registerAudit(program: Command): void {
  const cmd = program
    .command('audit')
    .description('10-point Green-AI checklist of a deployment (pass/fail/unknown with evidence; a fail shows the saving `plan` estimates)')
    .argument('<target>', 'a deployment name from tokenprint.yaml (facts from the ledger), or a planning scenario file (examples/scenario.yaml)')
    .option('--scenario <file>', 'with a deployment name: a planning scenario whose baseline is that deployment (gives the savings)')
    .option('--period <p>', 'ledger period for a deployment: 2025, 2025-Q2 or 2025-06')
    .option('--from <date>', 'first day included')
    .option('--to <date>', 'last day included')
    .option('--factor-set <n>', 'factor set (default: the active one)')
    .option('--disclosed', 'say that SCI / GHG / energy-score figures are published for this deployment');
  ledgerOptions(outputOptions(cmd)).action(async (target: string, f: Flags) => {
    const scenarioFile = /\.ya?ml$/i.test(target) && existsSync(target) ? target : f.scenario;
    const plan = scenarioFile ? runPlan(loadScenarioFile(scenarioFile)) : undefined;
    if (scenarioFile === target) return emit(auditDeployment({ subject: `scenario ${target} (baseline)`, plan, disclosed: f.disclosed }), f);
    const store = await storeFrom(f, undefined, { readOnly: true });
    try {
      const selection = { period: f.period, from: f.from, to: f.to, factorSet: f.factorSet === undefined ? undefined : parsePositiveInt(f.factorSet, '--factor-set') };
      await emit(await auditLedgerDeployment(store, target, selection, { plan, disclosed: f.disclosed }), f);
    } finally {
      await store.close();
    }
  });
}
