/**
 * Hosted-LLM providers: what we assume about the deployment behind an API call when the provider does not say.
 * Every field is an assumption unless its source says otherwise, and each one reaches the trace of an estimate.
 *
 * - accelerator: the catalog id of the chip we model (the calibration is fitted on H100; other chips are modelled
 *   from their spec sheets), with the evidence for it;
 * - count: the smallest power of two whose memory holds the weights (central parameter estimate) with 25 % left for
 *   KV cache at 90 % usable memory — the same rule as `minimumAccelerators`, extended to 1,024 chips;
 * - batch: the serving regime (average concurrent sequences per replica);
 * - PUE / on-site WUE: from the operator figures in operators.ts (the provider's cloud), never re-typed here;
 * - default location: the grid zone a request is assumed to run in when the caller gives no region.
 */
import { type Range, range } from '../core/range.js';
import { type SourcedRange, sourced } from '../core/quantity.js';
import type { Precision } from '../core/precision.js';
import { UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { getOperator } from './operators.js';
import type { ModelSpec } from './types.js';
import { MODELS } from './models.js';
import { ASSUMED_EXPERTS, estimatedShape, listClosedModels } from './closed-models.js';

export type ProviderId = 'openai' | 'azure-openai' | 'anthropic' | 'google' | 'mistral' | 'cohere' | 'aws-bedrock' | 'together';
export const PROVIDER_IDS: readonly ProviderId[] = [
  'openai',
  'azure-openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'aws-bedrock',
  'together',
];

export interface ProviderProfile {
  readonly id: ProviderId | 'generic';
  readonly name: string;
  /** Other spellings: OpenTelemetry `gen_ai.provider.name` / `gen_ai.system` values, Vercel AI SDK provider ids. */
  readonly aliases: readonly string[];
  /** Accelerator catalog id and why we think so. */
  readonly accelerator: string;
  readonly acceleratorSource: string;
  /**
   * Serving weight precision assumed. Hyperscale APIs: FP8 — H100-class fleets serve frontier models in FP8
   * (DeepSeek-V3 and Llama-3.1-405B ship FP8 serving checkpoints; FP8 halves the GPUs a model needs, ML.ENERGY v3
   * §2.4). Open-model hosts: the model's native precision class (BF16). EcoLogits assumes 16-bit everywhere; the
   * `ecologits` method keeps that.
   */
  readonly precision: Precision;
  readonly batch: SourcedRange;
  /** Operator ids of operators.ts; the first is the main one (central value), the others widen the range. */
  readonly operators: readonly string[];
  /** Grid zone (or cloud region) assumed when the caller gives none. */
  readonly defaultRegion: string;
  readonly regionSource: string;
  /** Prefix for bare cloud-region names (`eastus` → `azure:eastus`). */
  readonly regionPrefix?: 'aws' | 'gcp' | 'azure';
  /** Developers whose models the provider serves (sets the lenient class default). `*` = open-weight models. */
  readonly serves: readonly string[];
  /** When the profile was last reviewed. */
  readonly reviewed: string;
}

/**
 * Continuous batching on a busy fleet: ML.ENERGY v3 chat configurations span 8–512 concurrent sequences on H100;
 * a large API fleet runs near capacity, so we take 64 (EcoLogits' fixed value) within 32 (off-peak, latency tiers)
 * and 256 (throughput-optimised serving).
 */
const API_BATCH = sourced(
  range(64, 32, 256),
  'assumption: busy API fleet under continuous batching; EcoLogits B = 64; range from ML.ENERGY v3 chat configurations (Chung et al. 2025)',
  true,
);

/** Smaller hosts see less concurrent traffic per replica. */
const HOST_BATCH = sourced(
  range(48, 16, 256),
  'assumption: shared GPU cloud under continuous batching, lower load than a hyperscale API; range from ML.ENERGY v3 chat configurations',
  true,
);

const H100_NOTE = 'the calibration is fitted on H100; other chips in the fleet (H200, B200/GB200) would lower energy per token';

const PROFILES: readonly ProviderProfile[] = [
  {
    id: 'openai',
    name: 'OpenAI API',
    aliases: ['openai.chat', 'openai.responses', 'openai.completion', 'oai'],
    accelerator: 'h100-sxm',
    acceleratorSource:
      'assumed: OpenAI serves on Microsoft Azure ND H100 v5 / H200 / GB200 clusters (Microsoft and OpenAI announcements 2023–2025); ' +
      H100_NOTE,
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['azure'],
    defaultRegion: 'US',
    regionSource: 'assumed: US data centres (OpenAI/Azure US regions; EcoLogits also uses the US mix for OpenAI)',
    regionPrefix: 'azure',
    serves: ['OpenAI'],
    reviewed: '2026-01',
  },
  {
    id: 'azure-openai',
    name: 'Azure OpenAI',
    aliases: ['azure', 'azure.ai.openai', 'azure_openai', 'azure.chat', 'azure.responses', 'az.ai.openai', 'azure.ai.inference'],
    accelerator: 'h100-sxm',
    acceleratorSource: 'assumed: Azure ND H100 v5 series serve Azure OpenAI (Microsoft, 2023–2025); ' + H100_NOTE,
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['azure'],
    defaultRegion: 'US',
    regionSource: 'assumed: a US Azure region when the deployment region is not given (pass --region azure:<region>)',
    regionPrefix: 'azure',
    serves: ['OpenAI'],
    reviewed: '2026-01',
  },
  {
    id: 'anthropic',
    name: 'Anthropic API',
    aliases: ['anthropic.messages', 'claude'],
    accelerator: 'h100-sxm',
    acceleratorSource:
      'assumed: Anthropic serves on AWS (Trainium2, NVIDIA) and Google Cloud (TPU) (Amazon and Google announcements 2024–2025); ' +
      'modelled as H100 because the calibration is fitted there',
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['aws', 'gcp'],
    defaultRegion: 'US',
    regionSource: 'assumed: US data centres (EcoLogits also uses the US mix for Anthropic)',
    regionPrefix: 'aws',
    serves: ['Anthropic'],
    reviewed: '2026-01',
  },
  {
    id: 'google',
    name: 'Google Gemini API / Vertex AI',
    aliases: ['gcp.gemini', 'gcp.vertex_ai', 'gcp.gen_ai', 'gemini', 'vertex', 'vertex_ai', 'google-genai', 'google.generative-ai', 'google.vertex', 'google_genai'],
    accelerator: 'tpu-v6e',
    acceleratorSource:
      'assumed: Gemini is served on TPUs (Elsworth et al. 2025, arXiv 2508.15734; Google Cloud Trillium announcement 2024); ' +
      'TPU v6e (Trillium) modelled from its spec sheet; the physics calibration is fitted on H100',
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['gcp'],
    defaultRegion: 'US',
    regionSource: 'assumed: US data centres (EcoLogits also uses the US mix for Google)',
    regionPrefix: 'gcp',
    serves: ['Google'],
    reviewed: '2026-01',
  },
  {
    id: 'mistral',
    name: 'Mistral AI (La Plateforme)',
    aliases: ['mistral_ai', 'mistralai', 'mistral.chat', 'mistral-ai'],
    accelerator: 'h100-sxm',
    acceleratorSource: 'assumed: NVIDIA H100 GPU cloud; ' + H100_NOTE,
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['azure', 'hyperscale-default'],
    defaultRegion: 'SE',
    regionSource: 'assumed: Sweden, as EcoLogits PROVIDER_CONFIG_MAP (mistralai → SWE) (v0.9.1)',
    regionPrefix: 'azure',
    serves: ['Mistral AI'],
    reviewed: '2026-01',
  },
  {
    id: 'cohere',
    name: 'Cohere',
    aliases: ['cohere.chat', 'cohere_ai'],
    accelerator: 'h100-sxm',
    acceleratorSource: 'assumed: NVIDIA H100 GPU cloud (Cohere also uses Google TPUs and Oracle Cloud); ' + H100_NOTE,
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['gcp', 'hyperscale-default'],
    defaultRegion: 'US',
    regionSource: 'assumed: US data centres (EcoLogits also uses the US mix for Cohere)',
    serves: ['Cohere'],
    reviewed: '2026-01',
  },
  {
    id: 'aws-bedrock',
    name: 'Amazon Bedrock',
    aliases: ['aws.bedrock', 'bedrock', 'amazon-bedrock', 'amazon_bedrock', 'aws_bedrock'],
    accelerator: 'h100-sxm',
    acceleratorSource: 'assumed: NVIDIA H100 (P5) capacity; Bedrock also runs on Trainium/Inferentia; ' + H100_NOTE,
    precision: 'fp8',
    batch: API_BATCH,
    operators: ['aws'],
    defaultRegion: 'aws:us-east-1',
    regionSource: 'assumed: us-east-1 (N. Virginia), the default Bedrock region, when none is given',
    regionPrefix: 'aws',
    serves: ['Anthropic', 'Mistral AI', 'Cohere', '*'],
    reviewed: '2026-01',
  },
  {
    id: 'together',
    name: 'Together AI (and similar open-model hosts)',
    aliases: ['togetherai', 'together_ai', 'together.ai', 'togetherai.chat', 'fireworks', 'groq', 'deepinfra', 'openrouter'],
    accelerator: 'h100-sxm',
    acceleratorSource: 'assumed: NVIDIA H100 SXM GPU cloud (Together AI infrastructure pages, 2024–2025); ' + H100_NOTE,
    precision: 'bf16',
    batch: HOST_BATCH,
    operators: ['generic-datacenter', 'hyperscale-default'],
    defaultRegion: 'US',
    regionSource: 'assumed: US colocation data centres',
    serves: ['*'],
    reviewed: '2026-01',
  },
];

/** For an unknown provider in lenient mode: a hyperscale-class default, everything assumed, world grid. */
export const GENERIC_PROVIDER: ProviderProfile = {
  id: 'generic',
  name: 'unknown provider (generic hyperscale API)',
  aliases: [],
  accelerator: 'h100-sxm',
  acceleratorSource: 'assumed: unknown provider; H100 SXM, the chip the calibration is fitted on',
  precision: 'bf16',
  batch: API_BATCH,
  operators: ['hyperscale-default', 'generic-datacenter'],
  defaultRegion: 'WORLD',
  regionSource: 'assumed: unknown location, world-average grid',
  serves: ['OpenAI', 'Anthropic', 'Google', 'Mistral AI', 'Cohere', '*'],
  reviewed: '2026-01',
};

let byName: Map<string, ProviderProfile> | undefined;

function index(): Map<string, ProviderProfile> {
  if (!byName) {
    byName = new Map();
    for (const p of PROFILES) for (const k of [p.id, ...p.aliases]) byName.set(k.toLowerCase(), p);
  }
  return byName;
}

export function listProviders(): readonly ProviderProfile[] {
  return PROFILES;
}

/** A provider by id or alias (`openai`, `gcp.vertex_ai`, `aws.bedrock`…), or undefined. */
export function findProvider(name: string): ProviderProfile | undefined {
  const k = name.trim().toLowerCase();
  return index().get(k) ?? index().get(k.split('.')[0]);
}

export function getProvider(name: string): ProviderProfile {
  const p = findProvider(name);
  if (p) return p;
  throw new UnknownIdError('provider', name, suggest(name.trim(), [...index().keys()]));
}

/** PUE and on-site WUE of a provider: the main operator's figures, widened by the others (low/high envelope). */
export function providerEfficiency(p: ProviderProfile): { pue: SourcedRange; wueOnsite: SourcedRange } {
  const ops = p.operators.map((id) => getOperator(id));
  const envelope = (pick: (o: (typeof ops)[number]) => Range): Range =>
    range(pick(ops[0]).value, Math.min(...ops.map((o) => pick(o).low)), Math.max(...ops.map((o) => pick(o).high)));
  const source = `${p.name} runs on ${p.operators.join(' + ')} (operators.ts): ` + ops.map((o) => `${o.id}: ${o.source}`).join(' | ');
  // The operators' figures are published; that they are the ones serving this API is our assumption.
  const note = `provider ${p.id}: which facilities serve the API is not disclosed`;
  return {
    pue: sourced(envelope((o) => o.pue), source, true, note),
    wueOnsite: sourced(envelope((o) => o.wueOnsiteLPerKWh), source, true, note),
  };
}

/**
 * The "class default" model of a provider, for an unknown model in lenient mode: the envelope (lowest low, highest
 * high) of the total and active parameters of every catalogued model the provider serves, centred on their median.
 * Deliberately wide; `architectureEstimated` is set and the estimate says it used it.
 */
export function providerClassModel(p: ProviderProfile): ModelSpec {
  const cached = classCache.get(p.id);
  if (cached) return cached;
  const pool = [
    ...listClosedModels().filter((m) => p.serves.includes(m.developer)),
    ...(p.serves.includes('*') ? MODELS : []),
  ];
  const env = (pick: (m: ModelSpec) => Range): Range => {
    const values = pool.map((m) => pick(m).value).sort((a, b) => a - b);
    const mid = values[Math.floor(values.length / 2)];
    return range(mid, Math.min(...pool.map((m) => pick(m).low)), Math.max(...pool.map((m) => pick(m).high)));
  };
  const total = env((m) => m.totalParams);
  const act = env((m) => m.activeParams);
  // Active never above total at any corner.
  const active = range(Math.min(act.value, total.value), Math.min(act.low, total.low), Math.min(act.high, total.high));
  const moeOk = (['low', 'value', 'high'] as const).every((k) => active[k] >= total[k] * (ASSUMED_EXPERTS.active / ASSUMED_EXPERTS.total));
  const isMoe = active.high < total.high;
  const spec: ModelSpec = {
    id: `${p.id}-class-default`,
    aliases: [],
    name: `${p.name} class default (unknown model)`,
    developer: p.serves.filter((s) => s !== '*').join(', ') || 'open-weight',
    openWeights: false,
    architecture: isMoe ? 'moe' : 'dense',
    totalParams: total,
    activeParams: active,
    ...estimatedShape(active.value),
    ...(isMoe && moeOk ? { experts: ASSUMED_EXPERTS } : {}),
    nativePrecision: 'bf16',
    contextLength: 128_000,
    architectureEstimated: true,
    source: `envelope of the ${pool.length} catalogued models ${p.id} serves (closed-models.ts${p.serves.includes('*') ? ', models.ts' : ''}); centre = their median`,
    notes: 'Used only in lenient mode for a model the catalog does not know.',
  };
  classCache.set(p.id, spec);
  return spec;
}

const classCache = new Map<string, ModelSpec>();
