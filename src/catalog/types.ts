import type { Range } from '../core/range.js';
import type { Precision } from '../core/precision.js';
import type { AcceleratorGeneration } from '../core/training.js';

/** A citation: publication or dataset, with its date. */
export type Source = string;

export type Vendor = 'nvidia' | 'amd' | 'google' | 'intel' | 'aws';

/** Manufacturing (embodied) footprint of one device, with its boundary and method. */
export interface EmbodiedSpec {
  /** kgCO2e per device; `low`/`high` carry the published or assumed spread. */
  readonly kgCO2e: Range;
  /** What the figure covers, e.g. "GPU board incl. HBM, cradle-to-gate". */
  readonly boundary: string;
  /** `lca`: a per-device life-cycle figure; `die-area`: die area × carbon per area (a lower bound); `assumed`. */
  readonly method: 'lca' | 'die-area' | 'assumed';
  readonly source: Source;
  readonly assumed: boolean;
}

export interface Accelerator {
  /** Lower-case slug: `h100-sxm`, `a100-80gb`, `mi300x`, `tpu-v5e`… */
  readonly id: string;
  readonly name: string;
  readonly vendor: Vendor;
  /** Year of general availability. */
  readonly year: number;
  /**
   * The generation whose published training MFU runs apply (core/training.ts `defaultMfuRange`); `unknown` where no
   * run of that part is published (Blackwell, AMD, Intel, later TPUs, AWS chips), which selects the wide envelope.
   * Stated per entry, so a new `h100-*` or `h200-*` id says its generation instead of matching an id pattern.
   */
  readonly generation: AcceleratorGeneration;
  /** Board / module power limit (TDP/TBP), W. For TPUs, the per-chip figure. */
  readonly tdpW: number;
  /** Dense (no sparsity) peak tensor throughput, TFLOP/s (TOP/s for int8). Missing = not supported. */
  readonly peakTflops: { readonly bf16: number; readonly fp8?: number; readonly int8?: number; readonly fp4?: number };
  readonly memoryGB: number;
  readonly memoryBandwidthTBps: number;
  /** Die area, mm² (all compute dies), when published; used by the die-area embodied method. */
  readonly dieAreaMm2?: number;
  /** Manufacturing footprint of one device. */
  readonly embodied: EmbodiedSpec;
  /**
   * Host (CPU, RAM, NICs, fans, storage) power attributable to one accelerator at full load, W, from the server
   * this accelerator usually ships in, e.g. DGX H100 10.2 kW max for 8 × 700 W GPUs → (10200 − 5600)/8 ≈ 575 W.
   */
  readonly hostPowerW: number;
  /** Embodied footprint of the host server share per accelerator, kgCO2e. */
  readonly hostEmbodiedKgCO2e: Range;
  readonly source: Source;
  /** Names of fields above that are assumptions, not published facts (e.g. `['embodied', 'hostPowerW']`). */
  readonly assumedFields: readonly string[];
  readonly notes?: string;
}

export type ModelArchitecture = 'dense' | 'moe';

export interface ModelSpec {
  /** Lower-case slug: `llama-3.1-8b-instruct`, `qwen3-30b-a3b-instruct-2507`… */
  readonly id: string;
  /** Hugging Face repository id, when the model is open-weight. */
  readonly hfId?: string;
  /** Other names users type (API names, short names); matched case-insensitively. */
  readonly aliases: readonly string[];
  readonly name: string;
  readonly developer: string;
  readonly openWeights: boolean;
  readonly architecture: ModelArchitecture;
  /** Total parameters (all experts), count. Exact for open models; a range for closed ones. */
  readonly totalParams: Range;
  /** Parameters used per token (active experts + shared), count. */
  readonly activeParams: Range;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** For MoE: routed experts per layer and experts used per token. */
  readonly experts?: { readonly total: number; readonly active: number; readonly shared?: number };
  /**
   * KV-cache bytes per token per precision byte if the model is not plain GQA (e.g. DeepSeek MLA caches a
   * compressed latent): elements per token across all layers. When absent, 2·layers·kvHeads·headDim.
   */
  readonly kvElementsPerToken?: number;
  /**
   * Layers that keep a KV cache over the whole context (sliding-window and SSM layers excluded); defaults to
   * `layers`. Sets the attention FLOPs of long contexts.
   */
  readonly globalAttentionLayers?: number;
  /**
   * Sliding-window or chunked local attention layers (gemma-3, gpt-oss, Llama 4): each keeps KV for at most
   * `windowTokens` tokens, 2·kvHeads·headDim elements per token per layer. Not included in `kvElementsPerToken`.
   */
  readonly localAttention?: { readonly layers: number; readonly windowTokens: number };
  /**
   * Hybrid SSM models (Mamba layers): bytes of recurrent state held per sequence, summed over layers (the physics
   * reads and writes it once per decode step). Derived from the config (state kept in fp32 by vLLM's Mamba kernels).
   */
  readonly recurrentStateBytesPerSequence?: number;
  /** Precision of the released weights. */
  readonly nativePrecision: Precision;
  readonly contextLength: number;
  /** True when the architecture is estimated (closed models): the ranges come from the cited sources. */
  readonly architectureEstimated: boolean;
  readonly source: Source;
  readonly notes?: string;
}

/** Electricity grid zone with its yearly average carbon intensity. */
export interface GridZone {
  /** Electricity Maps zone key, e.g. `FR`, `DE`, `US-CAL-CISO`, `IE`. */
  readonly id: string;
  readonly name: string;
  /** Yearly average carbon intensity, gCO2e/kWh. */
  readonly intensityGPerKWh: number;
  /** `lifecycle` (incl. upstream emissions) or `direct` (combustion only). Never mixed in one figure. */
  readonly factorType: 'lifecycle' | 'direct';
  readonly year: number;
  readonly source: Source;
  readonly licence: string;
}

/** A cloud region mapped to a grid zone, with the provider's published PUE/WUE where known. */
export interface CloudRegion {
  /** `aws:us-east-1`, `gcp:europe-west4`, `azure:westeurope`. */
  readonly id: string;
  readonly provider: 'aws' | 'gcp' | 'azure';
  readonly zone: string;
  readonly location: string;
  readonly source: Source;
}

/** Data-centre operator efficiency figures. */
export interface OperatorEfficiency {
  readonly id: string;
  /** Power usage effectiveness (facility / IT energy), dimensionless. */
  readonly pue: Range;
  /** On-site water usage effectiveness, L per kWh of IT energy. */
  readonly wueOnsiteLPerKWh: Range;
  readonly source: Source;
  readonly assumed: boolean;
  /** Fields that are assumptions or secondary estimates while the rest is published (e.g. `['wueOnsiteLPerKWh']`). */
  readonly assumedFields?: readonly ('pue' | 'wueOnsiteLPerKWh')[];
}

/** Off-site water intensity of electricity generation (water consumed per kWh delivered), L/kWh. */
export interface OffsiteWater {
  readonly zone: string;
  readonly lPerKWh: Range;
  readonly source: Source;
  readonly assumed: boolean;
  /** Which fallback was taken, when the figure is not the zone's own (for the trace). */
  readonly note?: string;
}
