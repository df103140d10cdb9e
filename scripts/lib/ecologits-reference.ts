/**
 * An independent reference for EcoLogits 0.9.3's `llm_impacts`, written to follow the structure of its Python code
 * rather than tokenprint's (src/core/ecologits.ts): a RangeValue type with EcoLogits' operator semantics
 * (`a*b` = min·min / max·max, `k/r` = k/max … k/min, `x < r` ⇔ `r.min > x`), the DAG assets of
 * `ecologits/impacts/llm.py` one by one, `compute_llm_impacts` running the DAG once per parameter bound and merging
 * the results, and `llm_impacts` (tracers/utils.py) doing the registry, provider-config and mix lookups on records in
 * EcoLogits' own file shapes. It builds the reference cases (scripts/gen-ecologits-cases.ts, from EcoLogits' raw data
 * files) and the agreement grid (scripts/lib/ecologits-grid.ts); it is not used by the product.
 *
 * Sources: mlco2/ecologits 0.9.3 @ 5be90da (`ecologits/impacts/llm.py`, `ecologits/utils/range_value.py`,
 * `ecologits/tracers/utils.py`, `ecologits/model_repository.py`), docs/methodology/llm_inference.md; read, not copied.
 */

export class RangeValue {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    // range_value.py check_order: a range whose min exceeds its max is a ValueError.
    if (min > max) throw new Error(`RangeValue: min ${min} > max ${max}`);
  }
}
export type ValueOrRange = number | RangeValue;

const isR = (v: ValueOrRange): v is RangeValue => v instanceof RangeValue;
function add(a: ValueOrRange, b: ValueOrRange): ValueOrRange {
  if (isR(a) && isR(b)) return new RangeValue(a.min + b.min, a.max + b.max);
  if (isR(a)) return new RangeValue(a.min + (b as number), a.max + (b as number));
  if (isR(b)) return new RangeValue(b.min + a, b.max + a);
  return a + b;
}
function mul(a: ValueOrRange, b: ValueOrRange): ValueOrRange {
  if (isR(a) && isR(b)) return new RangeValue(a.min * b.min, a.max * b.max);
  if (isR(a)) return new RangeValue(a.min * (b as number), a.max * (b as number));
  if (isR(b)) return new RangeValue(b.min * a, b.max * a);
  return a * b;
}
function div(a: ValueOrRange, b: number): ValueOrRange {
  return isR(a) ? new RangeValue(a.min / b, a.max / b) : a / b;
}
/** Python `x < v` with x a float: float.__lt__ defers to RangeValue.__gt__, i.e. `v.min > x`. */
function floatLt(x: number, v: ValueOrRange): boolean {
  return isR(v) ? v.min > x : x < v;
}

// ---------------------------------------------------------------------------------- constants (llm.py, 0.9.3)
const MODEL_QUANTIZATION_BITS = 16;
const GPU_ENERGY_ALPHA = 1.1665273170451914e-6;
const GPU_ENERGY_BETA = -0.011205921025579175;
const GPU_ENERGY_GAMMA = 4.052928146734005e-5;
const LATENCY_ALPHA = 6.785088094353663e-4;
const LATENCY_BETA = 3.119310311688259e-4;
const LATENCY_GAMMA = 1.9473717579473387e-2;
const GPU_MEMORY = 80;
const GPU_EMBODIED = { gwp: 164, adpe: 5.1e-3, pe: 1828 };
const SERVER_GPUS = 8;
const SERVER_POWER = 1.2;
const SERVER_EMBODIED = { gwp: 5700, adpe: 0.37, pe: 70000 };
const HARDWARE_LIFESPAN = 3 * 365 * 24 * 60 * 60;
const BATCH_SIZE = 64;

// ------------------------------------------------------------------------------------------------- DAG assets
function gpuEnergy(active: number, out: number, batch: number): number {
  const perToken = (GPU_ENERGY_ALPHA * Math.exp(GPU_ENERGY_BETA * batch) * active + GPU_ENERGY_GAMMA) / 1000;
  return out * perToken;
}
function generationLatency(active: number, out: number, batch: number, requestLatency: number, tps: number | null, ttft: number | null): ValueOrRange {
  const perToken = tps === null ? LATENCY_ALPHA * active + LATENCY_BETA * batch + LATENCY_GAMMA : 1 / tps;
  const first = ttft || 0;
  const gpuLatency = out * perToken + first;
  return floatLt(requestLatency, gpuLatency) ? requestLatency : gpuLatency;
}
function gpuRequiredCount(total: number): number {
  const memory = (1.2 * total * MODEL_QUANTIZATION_BITS) / 8;
  const n = Math.ceil(memory / GPU_MEMORY);
  return 2 ** Math.ceil(Math.log2(n));
}
function serverEnergy(latency: ValueOrRange, gpus: number, batch: number): ValueOrRange {
  return mul(mul(mul(div(latency, 3600), SERVER_POWER), gpus / SERVER_GPUS), 1 / batch);
}

interface DagOut {
  request_energy: ValueOrRange;
  usage_gwp: ValueOrRange;
  usage_adpe: ValueOrRange;
  usage_pe: ValueOrRange;
  usage_wcf: ValueOrRange;
  embodied_gwp: ValueOrRange;
  embodied_adpe: ValueOrRange;
  embodied_pe: ValueOrRange;
}
type Field = keyof DagOut;
const FIELDS: readonly Field[] = ['request_energy', 'usage_gwp', 'usage_adpe', 'usage_pe', 'usage_wcf', 'embodied_gwp', 'embodied_adpe', 'embodied_pe'];

export interface Mix {
  readonly adpe: number;
  readonly pe: number;
  readonly gwp: number;
  readonly wue: number;
}

function dag(active: number, total: number, out: number, requestLatency: number, mix: Mix, pue: ValueOrRange, wue: ValueOrRange, tps: number | null, ttft: number | null): DagOut {
  const batch = BATCH_SIZE;
  const eGpu = gpuEnergy(active, out, batch);
  const latency = generationLatency(active, out, batch, requestLatency, tps, ttft);
  const gpus = gpuRequiredCount(total);
  const eServer = serverEnergy(latency, gpus, batch);
  const energy = mul(pue, add(eServer, gpus * eGpu));
  const embodied = (k: 'gwp' | 'adpe' | 'pe'): ValueOrRange => {
    const hw = (gpus / SERVER_GPUS) * SERVER_EMBODIED[k] + gpus * GPU_EMBODIED[k];
    return div(mul(latency, hw), HARDWARE_LIFESPAN * batch);
  };
  return {
    request_energy: energy,
    usage_gwp: mul(energy, mix.gwp),
    usage_adpe: mul(energy, mix.adpe),
    usage_pe: mul(energy, mix.pe),
    usage_wcf: mul(energy, add(wue, mul(pue, mix.wue))),
    embodied_gwp: embodied('gwp'),
    embodied_adpe: embodied('adpe'),
    embodied_pe: embodied('pe'),
  };
}

/** `compute_llm_impacts`: one DAG run per parameter bound; min from the low run, max from the high run. */
function computeLlmImpacts(active: ValueOrRange, total: ValueOrRange, out: number, requestLatency: number | null, mix: Mix, pue: ValueOrRange, wue: ValueOrRange, tps: number | null, ttft: number | null): DagOut {
  const lat = requestLatency ?? Number.POSITIVE_INFINITY;
  let actives: number[] = [active as number];
  let totals: number[] = [total as number];
  if (isR(active) || isR(total)) {
    actives = isR(active) ? [active.min, active.max] : [active, active];
    totals = isR(total) ? [total.min, total.max] : [total, total];
  }
  let merged: DagOut | undefined;
  for (let i = 0; i < actives.length; i++) {
    const res = dag(actives[i], totals[i], out, lat, mix, pue, wue, tps, ttft);
    if (!merged) merged = res;
    else {
      const m: DagOut = { ...merged };
      for (const f of FIELDS) {
        const lo = merged[f];
        const hi = res[f];
        m[f] = new RangeValue(isR(lo) ? lo.min : lo, isR(hi) ? hi.max : hi);
      }
      merged = m;
    }
  }
  if (!merged) throw new Error('no DAG run');
  return merged;
}

// ------------------------------------------------------------------------------------------------- tracers/utils
export type RawParams = number | { min: number; max: number } | { total: number | { min: number; max: number }; active: number | { min: number; max: number } };
export interface RawModel {
  readonly provider: string;
  readonly name: string;
  readonly parameters: RawParams;
  readonly tps: number | null;
  readonly ttft: number | null;
}
export interface RawAlias {
  readonly provider: string;
  readonly name: string;
  readonly alias: string;
}

const PROVIDER_CONFIG_MAP: Readonly<Record<string, { location: string; pue: ValueOrRange; wue: ValueOrRange }>> = {
  anthropic: { location: 'USA', pue: new RangeValue(1.09, 1.14), wue: new RangeValue(0.13, 0.999) },
  cohere: { location: 'USA', pue: 1.09, wue: 0.999 },
  google_genai: { location: 'USA', pue: 1.09, wue: 0.999 },
  huggingface_hub: { location: 'USA', pue: new RangeValue(1.09, 1.14), wue: new RangeValue(0.13, 0.99) },
  mistralai: { location: 'SWE', pue: 1.16, wue: 0.09 },
  openai: { location: 'USA', pue: 1.2, wue: 0.569 },
};

const toVR = (v: number | { min: number; max: number }): ValueOrRange => (typeof v === 'number' ? v : new RangeValue(v.min, v.max));

export interface ReferenceImpacts {
  readonly energyKWh: ValueOrRange;
  readonly gwpUsageKg: ValueOrRange;
  readonly gwpEmbodiedKg: ValueOrRange;
  readonly gwpKg: ValueOrRange;
  readonly adpeUsageKgSb: ValueOrRange;
  readonly adpeEmbodiedKgSb: ValueOrRange;
  readonly adpeKgSb: ValueOrRange;
  readonly peUsageMJ: ValueOrRange;
  readonly peEmbodiedMJ: ValueOrRange;
  readonly peMJ: ValueOrRange;
  readonly wcfL: ValueOrRange;
}

export interface ReferenceData {
  readonly models: readonly RawModel[];
  readonly aliases: readonly RawAlias[];
  readonly mixes: Readonly<Record<string, Mix>>;
}

/**
 * `llm_impacts(provider, model_name, output_token_count, request_latency, electricity_mix_zone)`; `null` latency =
 * not measured. Returns the impacts, or the name of the error EcoLogits would report.
 */
export function referenceLlmImpacts(
  data: ReferenceData,
  provider: string,
  modelName: string,
  outputTokens: number,
  requestLatencyS: number | null,
  zone: string | null,
): ReferenceImpacts | 'ModelNotRegisteredError' | 'ZoneNotRegisteredError' {
  const target = data.aliases.find((a) => a.provider === provider && a.name === modelName)?.alias ?? modelName;
  const model = data.models.find((m) => m.provider === provider && m.name === target);
  if (!model) return 'ModelNotRegisteredError';
  const p = model.parameters;
  const moe = typeof p === 'object' && 'total' in p;
  const total = moe ? toVR(p.total) : toVR(p);
  const active = moe ? toVR(p.active) : toVR(p);
  const cfg = PROVIDER_CONFIG_MAP[provider];
  const mix = data.mixes[zone ?? cfg.location];
  if (!mix) return 'ZoneNotRegisteredError';
  const r = computeLlmImpacts(active, total, outputTokens, requestLatencyS, mix, cfg.pue, cfg.wue, model.tps, model.ttft);
  return {
    energyKWh: r.request_energy,
    gwpUsageKg: r.usage_gwp,
    gwpEmbodiedKg: r.embodied_gwp,
    gwpKg: add(r.usage_gwp, r.embodied_gwp),
    adpeUsageKgSb: r.usage_adpe,
    adpeEmbodiedKgSb: r.embodied_adpe,
    adpeKgSb: add(r.usage_adpe, r.embodied_adpe),
    peUsageMJ: r.usage_pe,
    peEmbodiedMJ: r.embodied_pe,
    peMJ: add(r.usage_pe, r.embodied_pe),
    wcfL: r.usage_wcf,
  };
}

/** A ValueOrRange as {min, max} (a scalar is its own min and max). */
export function bounds(v: ValueOrRange): { min: number; max: number } {
  return isR(v) ? { min: v.min, max: v.max } : { min: v, max: v };
}

/** Reads EcoLogits' `electricity_mixes.csv` text. */
export function parseMixesCsv(text: string): Record<string, Mix> {
  const out: Record<string, Mix> = {};
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const [name, adpe, pe, gwp, wue] = line.split(',');
    out[name] = { adpe: Number(adpe), pe: Number(pe), gwp: Number(gwp), wue: Number(wue) };
  }
  return out;
}

/** Reads EcoLogits' `models.json` object into the reference's records. */
export function parseModelsJson(raw: { models: { provider: string; name: string; architecture: { parameters: RawParams }; deployment: { tps: number | null; ttft: number | null } }[]; aliases: RawAlias[] }): { models: RawModel[]; aliases: RawAlias[] } {
  return {
    models: raw.models.map((m) => ({ provider: m.provider, name: m.name, parameters: m.architecture.parameters, tps: m.deployment.tps, ttft: m.deployment.ttft })),
    aliases: raw.aliases.map((a) => ({ provider: a.provider, name: a.name, alias: a.alias })),
  };
}

/** One reference case as test/fixtures/ecologits-0.9.3-cases.json stores it (units as ReferenceImpacts). */
export interface ReferenceCase {
  readonly provider: string;
  readonly model: string;
  readonly outputTokens: number;
  /** null: no measured latency. */
  readonly latencyS: number | null;
  /** null: the provider's datacenter location. */
  readonly zone: string | null;
  /** {min, max} per ReferenceImpacts field, or the name of the error EcoLogits reports. */
  readonly expected: Record<string, { min: number; max: number }> | string;
}
