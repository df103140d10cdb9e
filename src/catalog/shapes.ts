/**
 * Glue from catalog entries to the plain shapes the core physics takes: catalog lookups happen here, one layer
 * above core, so core never imports the catalog.
 */
import type { Accelerator, ModelSpec } from './types.js';
import type { HardwareInput, ModelInput } from '../core/inference.js';
import { BYTES_PER_PARAM, type Precision, computeFormatFor } from '../core/precision.js';
import { sourced } from '../core/quantity.js';
import { InvalidInputError } from '../core/errors.js';
import { kvBytesPerToken } from './models.js';
import { dieAreaEmbodiedKg } from '../core/embodied.js';

/**
 * KV cache precision: engines keep the cache in 16-bit unless FP8 KV is switched on; we follow the weights for fp8
 * checkpoints (vLLM `--kv-cache-dtype auto` picks the checkpoint's dtype), else 2 bytes.
 */
export function kvBytesPerElement(p: Precision): number {
  return p === 'fp8' ? 1 : 2;
}

export function modelInput(m: ModelSpec, precision: Precision): ModelInput {
  const globalLayers = m.globalAttentionLayers ?? m.layers;
  return {
    id: m.id,
    totalParams: m.totalParams,
    activeParams: m.activeParams,
    layers: m.layers,
    attentionDim: m.attentionHeads * m.headDim,
    attentionLayers: globalLayers,
    bytesPerParam: BYTES_PER_PARAM[precision],
    kvBytesPerToken: kvBytesPerToken(m, kvBytesPerElement(precision)),
    recurrentStateBytes: m.recurrentStateBytesPerSequence ?? 0,
    localKvBytesPerToken: m.localAttention ? 2 * m.localAttention.layers * m.kvHeads * m.headDim * kvBytesPerElement(precision) : 0,
    localWindowTokens: m.localAttention?.windowTokens ?? 0,
    experts: m.experts ? { total: m.experts.total, active: m.experts.active } : undefined,
    source: m.source,
    architectureEstimated: m.architectureEstimated,
  };
}

/** Peak FLOP/s of an accelerator for the compute format a weight precision uses (falls back to BF16, traced). */
export function peakFlopsFor(a: Accelerator, precision: Precision): { flops: number; format: string; fallback: boolean } {
  const f = computeFormatFor(precision);
  const t = a.peakTflops[f];
  if (t !== undefined && t > 0) return { flops: t * 1e12, format: f, fallback: false };
  return { flops: a.peakTflops.bf16 * 1e12, format: 'bf16', fallback: f !== 'bf16' };
}

export function hardwareInput(a: Accelerator, precision: Precision): HardwareInput {
  if (!(a.memoryBandwidthTBps > 0)) throw new InvalidInputError('hardware', `${a.id} has no memory bandwidth`);
  return {
    id: a.id,
    tdpW: a.tdpW,
    peakFlops: peakFlopsFor(a, precision).flops,
    memoryBandwidthBps: a.memoryBandwidthTBps * 1e12,
    memoryBytes: a.memoryGB * 1e9,
    hostPowerW: a.hostPowerW,
    embodiedKg: sourced(a.embodied.kgCO2e, `${a.embodied.source} (${a.embodied.boundary})`, a.embodied.assumed),
    hostEmbodiedKg: sourced(a.hostEmbodiedKgCO2e, a.source, a.assumedFields.includes('hostEmbodiedKgCO2e')),
    embodiedLowerBoundKg:
      a.dieAreaMm2 === undefined
        ? undefined
        : sourced(
            dieAreaEmbodiedKg({ dieAreaMm2: a.dieAreaMm2, memoryGB: a.memoryGB }),
            'die area × carbon per area + memory per GB (LLMCarbon, Faiz et al., ICLR 2024): a lower bound, shown for comparison',
            false,
          ),
    source: a.source,
  };
}
