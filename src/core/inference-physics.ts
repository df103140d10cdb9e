/**
 * The physical (roofline-style) model of LLM serving on one replica, in plain numbers (no ranges): the hot path.
 * `inference.ts` evaluates it at the corners of the input ranges.
 *
 * One decode step serves B concurrent sequences:
 *   bytes_step  = W_read(B) + B·(ctx·KV_tok + min(ctx, win)·KV_loc + 2·S_rec)
 *                 (weights once per step, shared by the batch; MoE: only the experts the batch touches, see
 *                 `expectedExpertsTouched`; KV cache per sequence, sliding-window layers up to their window;
 *                 recurrent SSM state read and written once per sequence)
 *   t_mem       = W_read(B) / (n · BW · η_mem · η_prec) + B·bytes_seq / (n · BW · η_mem)
 *                 (η_mem lower for MoE expert GEMMs; η_prec: FP8/4-bit weight kernels do not reach the BF16
 *                 kernels' share of bandwidth — dequantisation and kernel maturity)
 *   t_comp      = B · FLOP_tok(ctx) / (n · F_peak · η_dec · [η_moe])   (η_moe: grouped expert GEMMs)
 *   t_step      = t_mem + t_comp + t_layer · layers + t_tp · layers · [n > 1] + B · t_seq
 *                 (t_seq: per-sequence work each step that batching does not share — sampling, scheduling,
 *                 detokenisation; it is why J per token stops falling above a batch of ≈ 256)
 * Prefill of one input token is compute-bound: t_in = FLOP_tok(L/2) / (n · F_peak · η_pre).
 * Accelerator power is a static floor plus dynamic energy per FLOP and per HBM byte moved, capped at TDP:
 *   P = min(TDP, p_floor · TDP + e_flop · FLOP/s + e_byte · bytes/s)   per accelerator
 * (energy per operation, not per share of peak, is what carries over between generations: Horowitz, ISSCC 2014,
 * "Computing's energy problem"; the fitted values are in calibration.ts).
 * Kaplan et al. 2020 (Table 1): FLOP_tok = 2·N_active + 2·n_layer·ctx·d_attn.
 * Constants are fitted on ML.ENERGY v3 H100 and B200 (see calibration.ts and docs/methodology/inference.md).
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
  /** Multiplier on memEfficiency for FP8 / 4-bit weight streaming (dequantisation, kernel maturity). */
  readonly lowPrecisionMemEfficiency: number;
  /** Achieved fraction of peak FLOP/s for decode GEMMs. */
  readonly decodeComputeEfficiency: number;
  /** Multiplier on decodeComputeEfficiency for MoE models (grouped expert GEMMs, few tokens per expert). */
  readonly moeComputeEfficiency: number;
  /** Achieved fraction of peak FLOP/s in prefill (compute-bound). */
  readonly prefillComputeEfficiency: number;
  /** Fixed per-layer per-step time (kernel launches, norms, scheduling), s. */
  readonly layerOverheadS: number;
  /** Extra per-layer per-step time under tensor parallelism (all-reduce latency), s. */
  readonly tpLayerOverheadS: number;
  /** Per-sequence per-step time batching does not share (sampling, scheduler, detokenisation), s. */
  readonly sequenceOverheadS: number;
  /** Accelerator power with nothing moving (static power while serving), as a fraction of TDP. */
  readonly powerFloorFraction: number;
  /** Dynamic accelerator energy per FLOP executed, J. */
  readonly energyPerFlopJ: number;
  /** Dynamic accelerator energy per HBM byte moved, J. */
  readonly energyPerByteJ: number;
}

/** Weight precisions whose streaming gets `lowPrecisionMemEfficiency` (bytes per parameter below 2). */
export function isLowPrecision(bytesPerParam: number): boolean {
  return bytesPerParam < 2;
}

/**
 * Expected number of distinct experts one MoE layer runs in a decode step when `batch` tokens each pick `active`
 * of `total` experts (top-k routing, balanced on average): an expert escapes one token with probability 1 − k/E,
 * so it is touched with probability 1 − (1 − k/E)^B. At B = 1 this is k; at large B it approaches E, so the bytes
 * read per step grow from the active to the total parameter count.
 */
export function expectedExpertsTouched(total: number, active: number, batch: number): number {
  return total * (1 - Math.pow(1 - active / total, batch));
}

/** Weight bytes streamed per decode step at batch B. MoE: the experts the batch is expected to touch. */
export function weightBytesRead(m: ModelShape, batch: number): number {
  if (!m.experts || m.experts.total <= m.experts.active) return m.totalParams * m.bytesPerParam;
  const { total: e, active: k } = m.experts;
  const expertParams = (m.totalParams - m.activeParams) / (e - k);
  const sharedParams = m.totalParams - e * expertParams;
  return (sharedParams + expertParams * expectedExpertsTouched(e, k, batch)) * m.bytesPerParam;
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

/** Power of one accelerator, W, moving `flopsPerS` and `bytesPerS` (capped at TDP). */
export function acceleratorPowerW(hw: AcceleratorSpecs, c: PhysicsConstants, flopsPerS: number, bytesPerS: number): number {
  return Math.min(hw.tdpW, c.powerFloorFraction * hw.tdpW + c.energyPerFlopJ * flopsPerS + c.energyPerByteJ * bytesPerS);
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
  const moe = m.experts !== undefined;
  const memEff = moe ? c.memEfficiency * c.moeMemEfficiency : c.memEfficiency;
  const weightEff = isLowPrecision(m.bytesPerParam) ? memEff * c.lowPrecisionMemEfficiency : memEff;
  const wBytes = weightBytesRead(m, batch);
  const seqBytes = batch * perSequenceBytes(m, decodeCtx);
  const tMem = wBytes / (bw * weightEff) + seqBytes / (bw * memEff);
  const flopsStep = batch * flopsPerToken(m, decodeCtx);
  const tComp = flopsStep / (flopsAll * c.decodeComputeEfficiency * (moe ? c.moeComputeEfficiency : 1));
  const stepS =
    tMem + tComp + c.layerOverheadS * m.layers + (count > 1 ? c.tpLayerOverheadS * m.layers : 0) + batch * c.sequenceOverheadS;
  const decodePowerW = count * acceleratorPowerW(hw, c, flopsStep / (count * stepS), (wBytes + seqBytes) / (count * stepS));
  const prefillFlopsPerS = hw.peakFlops * c.prefillComputeEfficiency;
  const prefillSPerToken = flopsPerToken(m, promptTokens / 2) / (flopsAll * c.prefillComputeEfficiency);
  // Prefill reads the weights once per chunk of thousands of tokens: its byte traffic is negligible beside its FLOPs.
  const prefillPowerW = count * acceleratorPowerW(hw, c, prefillFlopsPerS, 0);
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
