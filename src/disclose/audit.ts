/**
 * A 10-point Green-AI checklist for a production LLM deployment (research §4.4, after the GSF AI patterns and the
 * AI Energy Score guidance): measure, rate, right-size, serve efficiently, cache, carbon-aware region/time,
 * hardware utilisation and lifetime, data, disclose, rebound. Each item is pass / fail / unknown with its evidence;
 * a fail carries the saving the planner estimates for fixing it (the lever measured alone against the baseline).
 * The planner's report and the ledger's facts are passed in (the audit never runs the planner itself).
 */
import { z } from 'zod';
import { UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { LedgerConfig } from '../ledger/config.js';
import type { LedgerStore } from '../ledger/store/store.js';
import { readLedgerPeriod, type LedgerSelection } from './ledger-period.js';
import { type DisclosureDocument, type Figure, makeDocument } from './document.js';
import { sigFigs } from './sig-figs.js';

export const auditRequestSchema = z.strictObject({
  target: z.string().min(1).describe('A deployment name from tokenprint.yaml, or a planning scenario file'),
  period: z.string().optional(),
});

export type AuditStatus = 'pass' | 'fail' | 'unknown';
export const AUDIT_ITEMS = ['measure', 'rate', 'right-size', 'serve-efficiently', 'cache', 'carbon-aware', 'hardware', 'data', 'disclose', 'rebound'] as const;
export type AuditItemId = (typeof AUDIT_ITEMS)[number];

export interface AuditItem {
  readonly id: AuditItemId;
  readonly question: string;
  readonly status: AuditStatus;
  readonly evidence: string;
  /** For a fail: what the planner estimates fixing it saves, in the plan's objective unit per year. */
  readonly saving?: { readonly value: number; readonly fraction: number; readonly unit: string; readonly lever: string };
  readonly fix?: string;
}

/** The part of the planner's report the audit reads (src/plan/plan.ts PlanReport satisfies it). */
export interface PlanEvidence {
  readonly scenario: { readonly file: string; readonly objectiveUnit: string };
  readonly baseline: { readonly label: string; readonly operating: { readonly batch: number } };
  readonly recommended: { readonly label: string };
  readonly levers: { readonly alone: readonly { readonly lever: string; readonly label: string; readonly applies: boolean; readonly saving?: number; readonly savingFraction?: number; readonly option?: string; readonly infeasibleReason?: string }[] };
  readonly rebound: { readonly outrunInYear?: number; readonly statement: string };
}

/** What the ledger knows about a deployment over the period. */
export interface DeploymentEvidence {
  readonly name: string;
  readonly config: LedgerConfig['deployments'][number];
  readonly calibrated: boolean;
  readonly requests: number;
  readonly measuredShare: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
}

export interface AuditInput {
  readonly subject: string;
  readonly plan?: PlanEvidence;
  readonly deployment?: DeploymentEvidence;
  /** Whether a disclosure (SCI, GHG, model card) exists for this deployment; unknown when not said. */
  readonly disclosed?: boolean;
}

export interface AuditResult {
  readonly kind: 'audit';
  readonly subject: string;
  readonly items: readonly AuditItem[];
  readonly counts: Readonly<Record<AuditStatus, number>>;
  readonly document: DisclosureDocument;
}

const Q: Record<AuditItemId, string> = {
  measure: 'Measure: is energy measured (GPU telemetry joined to tokens) rather than only modelled, with the boundary stated?',
  rate: 'Rate: is an SCI per 1M tokens (token types stated) or an AI Energy Score reported for the deployment?',
  'right-size': 'Right-size: is the smallest model (and precision) meeting the quality bar in use?',
  'serve-efficiently': 'Serve efficiently: continuous batching at a batch the latency budget allows, no idle reserved GPUs?',
  cache: 'Cache: are prompt/KV prefix caches used (cache-read tokens tracked)?',
  'carbon-aware': 'Carbon-aware: low-carbon region and time-shifting of deferrable work?',
  hardware: 'Hardware: perf-per-watt accelerator, utilisation targets, service life extended?',
  data: 'Data: efficient formats, deduplicated training and retrieval data?',
  disclose: 'Disclose: SCI with boundary, AI Energy Score label, Scope 2/3 contributions, MDF items if a provider?',
  rebound: 'Rebound: does demand growth stay below the efficiency gain over the plan horizon?',
};

export function auditDeployment(input: AuditInput): AuditResult {
  const p = input.plan;
  const d = input.deployment;
  const lever = (ids: string[]) => p?.levers.alone.filter((l) => ids.includes(l.lever)) ?? [];
  const fromLevers = (id: AuditItemId, ids: string[], fix: string): AuditItem => {
    if (!p) return { id, question: Q[id], status: 'unknown', evidence: 'no planning scenario: give --scenario FILE so the planner can compare the alternatives' };
    const ls = lever(ids);
    const saving = ls.filter((l) => l.applies && (l.saving ?? 0) > 0).sort((a, b) => (b.saving ?? 0) - (a.saving ?? 0));
    if (saving.length === 0) {
      const why = ls.map((l) => (l.applies ? `${l.label}: ${l.infeasibleReason ?? 'no saving alone'}` : `${l.label}: the recommendation keeps the baseline's choice`)).join('; ');
      return { id, question: Q[id], status: 'pass', evidence: `planner (${p.scenario.file}): ${why || 'no lever'}` };
    }
    const best = saving[0];
    return {
      id,
      question: Q[id],
      status: 'fail',
      evidence: `planner (${p.scenario.file}): baseline ${p.baseline.label}; changing ${best.label} alone${best.option ? ` (→ ${best.option})` : ''} saves ${sigFigs(best.saving ?? 0, 3)} ${p.scenario.objectiveUnit}`,
      saving: { value: best.saving ?? 0, fraction: best.savingFraction ?? 0, unit: p.scenario.objectiveUnit, lever: best.label },
      fix,
    };
  };
  const items: AuditItem[] = [];
  // 1 measure
  if (d) {
    items.push(
      d.calibrated || d.measuredShare > 0
        ? { id: 'measure', question: Q.measure, status: 'pass', evidence: `${d.calibrated ? 'calibration in tokenprint.yaml' : ''}${d.measuredShare > 0 ? ` ${(d.measuredShare * 100).toFixed(0)} % of ${d.requests} requests at tier measured` : ''}`.trim() }
        : { id: 'measure', question: Q.measure, status: 'fail', evidence: `0 of ${d.requests} requests measured; no calibration for '${d.name}'`, fix: `tokenprint profile-endpoint URL --save-calibration tokenprint.yaml --deployment ${d.name}` },
    );
  } else items.push({ id: 'measure', question: Q.measure, status: 'unknown', evidence: 'a scenario is a plan, not a running deployment: audit the deployment by name with --config/--db to check measurements' });
  // 2 rate
  items.push({ id: 'rate', question: Q.rate, status: 'unknown', evidence: 'tokenprint cannot see what is reported: `tokenprint disclose sci` and `disclose energy-score` produce the figures' });
  // 3 right-size, 4 serve efficiently
  items.push(fromLevers('right-size', ['model', 'quantization'], 'switch to the planner’s smaller model or lower precision (check quality on your own evals)'));
  items.push(fromLevers('serve-efficiently', ['batching'], 'continuous batching up to the latency budget'));
  // 5 cache
  if (d && d.inputTokens > 0) {
    const share = d.cachedInputTokens / d.inputTokens;
    items.push(
      share > 0
        ? { id: 'cache', question: Q.cache, status: 'pass', evidence: `${(share * 100).toFixed(1)} % of input tokens served from cache (ledger)` }
        : { id: 'cache', question: Q.cache, status: 'fail', evidence: `no cache-read tokens among ${d.inputTokens} input tokens (ledger)`, fix: 'enable prefix caching and report cached tokens (OTel gen_ai.usage.cache_read.input_tokens)' },
    );
  } else items.push({ id: 'cache', question: Q.cache, status: 'unknown', evidence: d ? 'no input tokens in the period' : 'no ledger data: audit the deployment with --db to see cache-read tokens' });
  // 6 carbon-aware, 7 hardware
  items.push(fromLevers('carbon-aware', ['region', 'time-shifting'], 'move to the planner’s lower-carbon region, shift deferrable work to clean hours'));
  const hw = fromLevers('hardware', ['hardware'], 'the planner’s accelerator choice');
  items.push(d && !d.config.acquired && hw.status === 'pass' ? { ...hw, status: 'unknown', evidence: `${hw.evidence}; no acquisition date in tokenprint.yaml, so service life cannot be checked` } : hw);
  // 8 data, 9 disclose
  items.push({ id: 'data', question: Q.data, status: 'unknown', evidence: 'data formats and deduplication are not visible to tokenprint' });
  items.push(
    input.disclosed === undefined
      ? { id: 'disclose', question: Q.disclose, status: 'unknown', evidence: 'not said: `tokenprint disclose …` writes the documents' }
      : { id: 'disclose', question: Q.disclose, status: input.disclosed ? 'pass' : 'fail', evidence: input.disclosed ? 'disclosures stated as published' : 'no disclosure', fix: 'tokenprint disclose sci / ghg / energy-score' },
  );
  // 10 rebound
  items.push(
    !p
      ? { id: 'rebound', question: Q.rebound, status: 'unknown', evidence: 'no planning scenario with growth: give --scenario FILE' }
      : p.rebound.outrunInYear === undefined
        ? { id: 'rebound', question: Q.rebound, status: 'pass', evidence: p.rebound.statement }
        : { id: 'rebound', question: Q.rebound, status: 'fail', evidence: p.rebound.statement, fix: 'cap demand growth or plan further efficiency gains; report absolute totals, not only intensity' },
  );
  const counts = { pass: 0, fail: 0, unknown: 0 };
  for (const i of items) counts[i.status]++;
  const figures: Figure[] = items.map((i, n) => ({
    id: `${n + 1}. ${i.id}`,
    label: i.question,
    value: i.saving?.value ?? null,
    display: i.status === 'fail' && i.saving ? `FAIL — fixing saves ${sigFigs(i.saving.value, 3)} ${i.saving.unit} (${(i.saving.fraction * 100).toFixed(0)} %)` : i.status.toUpperCase(),
    unit: i.saving?.unit ?? 'status',
    method: i.evidence + (i.fix ? ` · fix: ${i.fix}` : ''),
    source: i.saving ? 'tokenprint plan (lever alone vs baseline)' : d ? 'tokenprint ledger' : 'checklist',
  }));
  const document = makeDocument({
    kind: 'audit',
    title: `Green-AI audit — ${input.subject}`,
    subtitle: `10-point production-LLM checklist (GSF AI patterns, AI Energy Score guidance) · ${counts.pass} pass · ${counts.fail} fail · ${counts.unknown} unknown`,
    sections: [{ title: 'Checklist', figures, notes: ['Unknown items are not failures: they name the evidence that would settle them.'] }],
  });
  return { kind: 'audit', subject: input.subject, items, counts, document };
}

/** Audits a deployment named in the ledger's configuration, with the ledger's facts over the period. */
export async function auditLedgerDeployment(
  store: LedgerStore,
  name: string,
  selection: LedgerSelection,
  extra: { readonly plan?: PlanEvidence; readonly disclosed?: boolean } = {},
): Promise<AuditResult> {
  const p = await readLedgerPeriod(store, selection, undefined, ['deployment']);
  const config = p.config.deployments.find((d) => d.name === name);
  if (!config) {
    const names = p.config.deployments.map((d) => d.name);
    throw new UnknownIdError('deployment', name, suggest(name, names));
  }
  const row = p.byScope.get(name);
  return auditDeployment({
    subject: `deployment ${name} (${config.model} on ${config.accelerator}, ${config.region}) · ${p.label}`,
    plan: extra.plan,
    disclosed: extra.disclosed,
    deployment: {
      name,
      config,
      calibrated: p.config.calibrations.some((c) => c.deployment === name),
      requests: row?.requests ?? 0,
      measuredShare: row?.methodMix.measured ?? 0,
      inputTokens: row?.inputTokens ?? 0,
      cachedInputTokens: row?.cachedInputTokens ?? 0,
    },
  });
}
