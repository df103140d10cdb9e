/**
 * The EcoLogits agreement grid (`npm run validate`, test/estimate/ecologits-grid.test.ts): every EcoLogits 0.9.3 model
 * name of openai, anthropic, mistralai, google_genai and cohere (models and aliases) × output tokens {1, 50, 500,
 * 4000} × latency not given / given × zone {provider default, FR, US, DE}, `estimateCall(…, {method: 'ecologits'})`
 * against the independent reference (scripts/lib/ecologits-reference.ts). A case agrees when energy, GWP usage, GWP
 * embodied, total GWP and water, min and max, are all within the tolerance. Also: how many of those names the
 * tokenprint method's catalog knows.
 */
import { estimateCall } from '../../src/estimate/call-estimate.js';
import { resolveAnyModel } from '../../src/catalog/model-lookup.js';
import { ECOLOGITS_ALIASES, ECOLOGITS_MIXES, ECOLOGITS_MODELS } from '../../src/catalog/ecologits-config.js';
import { type ReferenceData, type ReferenceImpacts, bounds, referenceLlmImpacts } from './ecologits-reference.js';

export const GRID_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  mistralai: 'mistral',
  google_genai: 'google',
  cohere: 'cohere',
};
/** The four providers the catalog-coverage target is about. */
export const COVERAGE_PROVIDERS = ['openai', 'anthropic', 'mistralai', 'google_genai'] as const;
export const GRID_TOKENS = [1, 50, 500, 4000] as const;
/** A measured latency per output-token count, s: short enough to cap some slow models' modelled ΔT, not all. */
export const GRID_LATENCY_S: Readonly<Record<number, number>> = { 1: 0.5, 50: 2, 500: 10, 4000: 60 };
/** Zone as the user passes it → EcoLogits' code; `default` = the provider's datacenter location. */
export const GRID_ZONES: readonly (readonly [string | undefined, string | null])[] = [
  [undefined, null],
  ['FR', 'FRA'],
  ['US', 'USA'],
  ['DE', 'DEU'],
];
const QUANTITIES = ['energyKWh', 'gwpUsageKg', 'gwpEmbodiedKg', 'gwpKg', 'wcfL'] as const;

export interface GridResult {
  readonly models: number;
  readonly cases: number;
  /** Cases whose every compared number is within 0.1 % / within 1e-9 (relative). */
  readonly within01Pct: number;
  readonly within1e9: number;
  /** Largest relative difference per quantity. */
  readonly worst: Readonly<Record<string, number>>;
  /** Up to 10 cases outside 0.1 %, described. */
  readonly outside: readonly string[];
  readonly coverage: { readonly known: number; readonly names: number; readonly missing: readonly string[] };
}

function names(provider: string): string[] {
  return [...ECOLOGITS_MODELS.filter((m) => m.provider === provider).map((m) => m.name), ...ECOLOGITS_ALIASES.filter((a) => a.provider === provider).map((a) => a.name)];
}

function rel(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

export function ecologitsAgreementGrid(): GridResult {
  const data: ReferenceData = {
    models: ECOLOGITS_MODELS.map((m) => ({ provider: m.provider, name: m.name, parameters: m.parameters, tps: m.tps, ttft: m.ttft })),
    aliases: ECOLOGITS_ALIASES,
    mixes: ECOLOGITS_MIXES,
  };
  const worst: Record<string, number> = Object.fromEntries(QUANTITIES.map((q) => [q, 0]));
  const outside: string[] = [];
  let cases = 0;
  let within01Pct = 0;
  let within1e9 = 0;
  let models = 0;
  for (const [eProvider, provider] of Object.entries(GRID_PROVIDERS)) {
    for (const model of names(eProvider)) {
      models++;
      for (const out of GRID_TOKENS) {
        for (const latencyS of [null, GRID_LATENCY_S[out]]) {
          for (const [region, zone] of GRID_ZONES) {
            cases++;
            const ref = referenceLlmImpacts(data, eProvider, model, out, latencyS, zone);
            let got: ReturnType<typeof estimateCall>['ecologits'];
            try {
              got = estimateCall(
                { provider, model, inputTokens: 100, outputTokens: out, ...(latencyS !== null ? { latencyMs: latencyS * 1000 } : {}), ...(region ? { region } : {}) },
                { method: 'ecologits' },
              ).ecologits;
            } catch (e) {
              if (outside.length < 10) outside.push(`${eProvider}/${model} out=${out}: ${e instanceof Error ? e.message : String(e)}`);
              continue;
            }
            if (typeof ref === 'string' || !got) {
              if (outside.length < 10) outside.push(`${eProvider}/${model} out=${out}: reference ${typeof ref === 'string' ? ref : 'ok'}`);
              continue;
            }
            let maxRel = 0;
            for (const q of QUANTITIES) {
              const want = bounds((ref as ReferenceImpacts)[q]);
              const have = got[q];
              const r = Math.max(rel(have.min, want.min), rel(have.max, want.max));
              worst[q] = Math.max(worst[q], r);
              maxRel = Math.max(maxRel, r);
            }
            if (maxRel <= 1e-3) within01Pct++;
            else if (outside.length < 10) outside.push(`${eProvider}/${model} out=${out} lat=${latencyS} zone=${zone}: ${(maxRel * 100).toFixed(2)} %`);
            if (maxRel <= 1e-9) within1e9++;
          }
        }
      }
    }
  }
  const all = COVERAGE_PROVIDERS.flatMap((p) => names(p).map((n) => `${p}/${n}`));
  const missing = all.filter((k) => !resolveAnyModel(k.slice(k.indexOf('/') + 1)));
  return { models, cases, within01Pct, within1e9, worst, outside, coverage: { known: all.length - missing.length, names: all.length, missing } };
}

/** The grid as text for `npm run validate`. */
export function formatEcologitsGrid(g: GridResult): string {
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(2)} %`;
  const lines = [
    'EcoLogits 0.9.3 agreement (--method ecologits vs an independent reference of llm_impacts)',
    `  grid: ${g.models} model names × output tokens {${GRID_TOKENS.join(', ')}} × latency not given / given × zone {default, FR, US, DE} = ${g.cases} cases`,
    `  within 0.1 % on energy, GWP usage, GWP embodied, total GWP and water, min and max: ${g.within01Pct} (${pct(g.within01Pct, g.cases)})`,
    `  within 1e-9: ${g.within1e9} (${pct(g.within1e9, g.cases)}); worst relative difference: ` +
      Object.entries(g.worst)
        .map(([q, r]) => `${q} ${r.toExponential(1)}`)
        .join(', '),
    ...g.outside.map((o) => `  outside: ${o}`),
    `  tokenprint catalog knows ${g.coverage.known} of ${g.coverage.names} EcoLogits names of ${COVERAGE_PROVIDERS.join(', ')} (${pct(g.coverage.known, g.coverage.names)})` +
      (g.coverage.missing.length ? `; not known: ${g.coverage.missing.join(', ')}` : ''),
  ];
  return lines.join('\n');
}
