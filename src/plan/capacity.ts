/**
 * How hard one replica can be driven: the largest batch whose decode step (the inter-token latency) meets the
 * target and whose KV cache fits beside the weights, capped by the batching regime. Same physics as the estimator
 * (core/inference-physics.ts `servingStep`, `maxBatchForMemory`), evaluated at the central parameter count.
 */
import {
  type AcceleratorSpecs,
  type ModelShape,
  type PhysicsConstants,
  maxBatchForMemory,
  servingStep,
  weightBytesResident,
} from '../core/inference-physics.js';

export type BatchLimit = 'batching regime' | 'memory (KV cache at p90 context)' | 'latency target';

export interface OperatingPoint {
  readonly batch: number;
  readonly stepS: number;
  readonly limitedBy: BatchLimit;
  /** Largest batch the memory holds at the p90 context. */
  readonly memoryMaxBatch: number;
}

export interface OperatingInput {
  readonly hw: AcceleratorSpecs;
  readonly count: number;
  readonly shape: ModelShape;
  readonly constants: PhysicsConstants;
  readonly maxBatch: number;
  readonly maxInterTokenS: number;
  /** Average context during decode (mean input + half the mean output): sets the step time. */
  readonly decodeCtx: number;
  /** Context a sequence may reach (p90 input + p90 output): sets how many sequences fit. */
  readonly kvCtx: number;
  readonly promptTokens: number;
}

export function operatingPoint(o: OperatingInput): OperatingPoint | { readonly reason: string } {
  const memMax = maxBatchForMemory(o.hw, o.count, o.shape, o.kvCtx);
  if (memMax < 1) {
    const w = weightBytesResident(o.shape);
    const usable = o.count * o.hw.memoryBytes * 0.9;
    if (w >= usable) {
      return { reason: `${(w / 1e9).toFixed(0)} GB of weights do not fit ${o.count} accelerator(s) with ${(usable / 1e9).toFixed(0)} GB usable (90% of memory)` };
    }
    return { reason: `weights leave no room for the KV cache of one ${Math.round(o.kvCtx)}-token sequence on ${o.count} accelerator(s)` };
  }
  const step = (b: number) => servingStep(o.hw, o.count, o.shape, o.constants, b, o.decodeCtx, o.promptTokens).stepS;
  const s1 = step(1);
  if (s1 > o.maxInterTokenS) {
    return {
      reason: `even batch 1 takes ${(s1 * 1000).toFixed(1)} ms per token, above the ${(o.maxInterTokenS * 1000).toFixed(1)} ms latency target`,
    };
  }
  let cap = Math.min(o.maxBatch, memMax);
  let limitedBy: BatchLimit = o.maxBatch <= memMax ? 'batching regime' : 'memory (KV cache at p90 context)';
  if (step(cap) > o.maxInterTokenS) {
    // Step time grows with the batch (more KV bytes, more FLOPs, more experts touched): bisect.
    let lo = 1;
    let hi = cap;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (step(mid) <= o.maxInterTokenS) lo = mid;
      else hi = mid;
    }
    cap = lo;
    limitedBy = 'latency target';
  }
  return { batch: cap, stepS: step(cap), limitedBy, memoryMaxBatch: memMax };
}

/** Replicas to serve the peak: ceil(peak requests/s × replica-seconds per request ÷ planned utilisation). */
export function replicasForPeak(peakRequestsPerS: number, replicaSPerRequest: number, maxUtilisation: number): number {
  return Math.max(1, Math.ceil((peakRequestsPerS * replicaSPerRequest) / maxUtilisation - 1e-9));
}
