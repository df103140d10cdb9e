/**
 * The physical (roofline-style) model of LLM serving on one replica, in plain numbers (no ranges): the hot path.
 * `inference.ts` evaluates it at the corners of the input ranges.
 *
 * One decode step serves B concurrent sequences:
 *   bytes_step  = W_read(B) + B·(ctx·KV_tok + min(ctx, win)·KV_loc + 2·S_rec)
 *                 (weights once per step, shared by the batch; KV cache per sequence, sliding-window layers up to
 *                 their window; recurrent SSM state read and written once per sequence)
 *   t_mem       = bytes_step / (n · BW · η_mem)                   (η_mem lower for MoE expert GEMMs)
 *   t_comp      = B · FLOP_tok(ctx) / (n · F_peak · η_dec)
 *   t_step      = t_mem + t_comp + t_layer · layers + t_tp · layers · [n > 1]
 * Prefill of one input token is compute-bound: t_in = FLOP_tok(L/2) / (n · F_peak · η_pre).
 * Accelerator power follows achieved compute utilisation u = FLOP / (n · F_peak · t):
 *   P = TDP · min(1, p_floor + k_u · u)   per accelerator.
 * Kaplan et al. 2020 (Table 1): FLOP_tok = 2·N_active + 2·n_layer·ctx·d_attn.
 * Constants are fitted on ML.ENERGY v3 (see calibration.ts and docs/methodology/inference.md).
 */

/** The accelerator facts the physics needs, from its spec sheet. */
export interface AcceleratorSpecs {
  readonly tdpW: number;
  /** Peak dense FLOP/s at the compute format used (not TFLOP/s). */
  readonly peakFlops: number;
  /** HBM bandwidth, bytes/s. */
  readonly memoryBandwidthBps: number;
  readonly memoryBytes: number;
}

/** The model facts the physics needs, at the serving precision. */
export interface ModelShape {
  readonly totalParams: number;
  readonly activeParams: number;
  readonly layers: number;
  /** n_heads · d_head of the attention layers that attend over the whole context. */
  readonly attentionDim: number;
  /** Attention layers with a full (global) KV cache. */
  readonly attentionLayers: number;
  readonly bytesPerParam: number;
  readonly kvBytesPerToken: number;
  /** Bytes of recurrent (SSM) state read and written per sequence per step; 0 for pure transformers. */
  readonly recurrentStateBytes: number;
  /** Sliding-window / chunked-attention layers: KV bytes per token and the window they keep (0 when none). */
  readonly localKvBytesPerToken: number;
  readonly localWindowTokens: number;
  /** Routed experts per MoE layer and experts per token; undefined for dense models. */
  readonly experts?: { readonly total: number; readonly active: number };
}

/** Fitted constants of the model (dimensionless unless the name says). */
export interface PhysicsConstants {
  /** Achieved fraction of peak HBM bandwidth in decode, dense layers. */
  readonly memEfficiency: number;
  /** Multiplier on memEfficiency for MoE expert weights (grouped GEMMs stream less efficiently). */
  readonly moeMemEfficiency: number;
  /** Achieved fraction of peak FLOP/s for decode GEMMs. */
  readonly decodeComputeEfficiency: number;
  /** Achieved fraction of peak FLOP/s in prefill (compute-bound). */
  readonly prefillComputeEfficiency: number;
  /** Fixed per-layer per-step time (kernel launches, norms, scheduling), s. */
  readonly layerOverheadS: number;
  /** Extra per-layer per-step time under tensor parallelism (all-reduce latency), s. */
  readonly tpLayerOverheadS: number;
  /** Accelerator power at zero compute utilisation while serving, as a fraction of TDP. */
  readonly powerFloorFraction: number;
  /** Increase of the power fraction per unit of compute utilisation (capped at TDP). */
  readonly powerSlopePerUtilisation: number;
}

/** Weight bytes streamed per decode step at batch B. MoE: expected share of experts touched by B tokens. */
export function weightBytesRead(m: ModelShape, batch: number): number {
  if (!m.experts || m.experts.total <= m.experts.active) return m.totalParams * m.bytesPerParam;
  const { total: e, active: k } = m.experts;
  const expertParams = (m.totalParams - m.activeParams) / (e - k);
  const sharedParams = m.totalParams - e * expertParams;
  // Uniform routing: an expert escapes all B tokens with probability (1 − k/E)^B.
  const touched = 1 - Math.pow(1 - k / e, batch);
  return (sharedParams + e * expertParams * touched) * m.bytesPerParam;
}

/** Bytes one sequence streams per decode step besides the weights. */
export function perSequenceBytes(m: ModelShape, ctx: number): number {
  return ctx * m.kvBytesPerToken + Math.min(ctx, m.localWindowTokens) * m.localKvBytesPerToken + 2 * m.recurrentStateBytes;
}

/** Forward FLOPs for one token attending over `ctx` tokens (Kaplan et al. 2020). */
export function flopsPerToken(m: ModelShape, ctx: number): number {
  return 2 * m.activeParams + 2 * m.attentionLayers * ctx * m.attentionDim;
}

/** Bytes of weights that must be resident on the replica. */
export function weightBytesResident(m: ModelShape): number {
  return m.totalParams * m.bytesPerParam;
}

export interface StepResult {
  /** Time of one decode step, s. */
  readonly stepS: number;
  /** Power of all accelerators during decode, W. */
  readonly decodePowerW: number;
  /** Accelerator energy per output token, J (decode only). */
  readonly decodeJPerToken: number;
  /** Time to prefill one input token, s. */
  readonly prefillSPerToken: number;
  /** Power of all accelerators during prefill, W. */
  readonly prefillPowerW: number;
  /** Accelerator energy per input token, J. */
  readonly prefillJPerToken: number;
}

export function powerFraction(c: PhysicsConstants, utilisation: number): number {
  return Math.min(1, c.powerFloorFraction + c.powerSlopePerUtilisation * utilisation);
}

/**
 * Decode step and prefill cost for `count` accelerators serving `batch` concurrent sequences whose average
 * context during decode is `decodeCtx` tokens and whose prompts average `promptTokens`.
 */
export function servingStep(
  hw: AcceleratorSpecs,
  count: number,
  m: ModelShape,
  c: PhysicsConstants,
  batch: number,
  decodeCtx: number,
  promptTokens: number,
): StepResult {
  const bw = count * hw.memoryBandwidthBps;
  const flopsAll = count * hw.peakFlops;
  const wBytes = weightBytesRead(m, batch);
  const memEff = m.experts ? c.memEfficiency * c.moeMemEfficiency : c.memEfficiency;
  const bytesStep = wBytes + batch * perSequenceBytes(m, decodeCtx);
  const tMem = bytesStep / (bw * memEff);
  const flopsStep = batch * flopsPerToken(m, decodeCtx);
  const tComp = flopsStep / (flopsAll * c.decodeComputeEfficiency);
  const stepS = tMem + tComp + c.layerOverheadS * m.layers + (count > 1 ? c.tpLayerOverheadS * m.layers : 0);
  const decodePowerW = count * hw.tdpW * powerFraction(c, flopsStep / (flopsAll * stepS));
  const prefillSPerToken = flopsPerToken(m, promptTokens / 2) / (flopsAll * c.prefillComputeEfficiency);
  const prefillPowerW = count * hw.tdpW * powerFraction(c, c.prefillComputeEfficiency);
  return {
    stepS,
    decodePowerW,
    decodeJPerToken: (decodePowerW * stepS) / batch,
    prefillSPerToken,
    prefillPowerW,
    prefillJPerToken: prefillPowerW * prefillSPerToken,
  };
}

/** Largest batch whose KV cache fits beside the weights, using `usableFraction` of memory (vLLM default 0.9). */
export function maxBatchForMemory(
  hw: AcceleratorSpecs,
  count: number,
  m: ModelShape,
  ctx: number,
  usableFraction = 0.9,
): number {
  const free = count * hw.memoryBytes * usableFraction - weightBytesResident(m);
  if (free <= 0) return 0;
  const perSeq = ctx * m.kvBytesPerToken + Math.min(ctx, m.localWindowTokens) * m.localKvBytesPerToken + m.recurrentStateBytes;
  return perSeq > 0 ? Math.floor(free / perSeq) : Number.POSITIVE_INFINITY;
}
