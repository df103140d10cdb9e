/**
 * Serving engines: energy per generated token relative to vLLM (the engine of the ML.ENERGY calibration data) on
 * the same model, hardware and batch. A throughput ratio at equal power: the factor scales GPU energy and the
 * replica time a request occupies. Published comparisons disagree with each other by more than the engines differ,
 * so each factor is a range and marked as an assumption.
 */
import { range } from '../core/range.js';
import { sourced, type SourcedRange } from '../core/quantity.js';
import { UnknownIdError } from '../core/errors.js';

export type EngineId = 'vllm' | 'sglang' | 'tensorrt-llm' | 'tgi' | 'transformers';
export const ENGINE_IDS: readonly EngineId[] = ['vllm', 'sglang', 'tensorrt-llm', 'tgi', 'transformers'];
export const DEFAULT_ENGINE: EngineId = 'vllm';

export interface ServingEngine {
  readonly id: EngineId;
  readonly name: string;
  /** J per output token relative to vLLM at the same batch, dimensionless. */
  readonly energyFactor: SourcedRange;
}

export const ENGINES: Readonly<Record<EngineId, ServingEngine>> = {
  vllm: {
    id: 'vllm',
    name: 'vLLM',
    energyFactor: sourced(range(1, 1, 1), 'the calibration engine: ML.ENERGY v3 serves with vLLM (Chung et al. 2025)', false),
  },
  sglang: {
    id: 'sglang',
    name: 'SGLang',
    // Same-GPU comparisons: Llama-3.3-70B FP8 on one H100, 50 concurrent: 1,920 vs vLLM 1,850 tok/s (Spheron,
    // Mar 2026); Llama-3.1-8B on H100: "SGLang tracked vLLM within a few percent" (runinfra.ai, Jun 2026).
    energyFactor: sourced(
      range(0.97, 0.85, 1.1),
      'throughput vs vLLM on one H100: 1,920 / 1,850 tok/s (Spheron, Mar 2026); within a few % (runinfra.ai, Jun 2026)',
      true,
    ),
  },
  'tensorrt-llm': {
    id: 'tensorrt-llm',
    name: 'TensorRT-LLM',
    // 2,100 vs vLLM 1,850 tok/s at 50 concurrent (Spheron, Mar 2026: ×0.88); vLLM highest at saturation on
    // Llama-3.1-8B (runinfra.ai, Jun 2026: > 1).
    energyFactor: sourced(
      range(0.9, 0.8, 1.05),
      'throughput vs vLLM on one H100: 2,100 / 1,850 tok/s (Spheron, Mar 2026); vLLM ahead at saturation (runinfra.ai, Jun 2026)',
      true,
    ),
  },
  tgi: {
    id: 'tgi',
    name: 'Hugging Face TGI',
    // vLLM up to 3.5× TGI throughput (Kwon et al., SOSP 2023, PagedAttention); up to 24× at high concurrency and
    // comparable at low concurrency (Kolluru, arXiv 2511.17593, 2025, LLaMA-2 on A100).
    energyFactor: sourced(
      range(1.5, 1.0, 3.5),
      'vLLM up to 3.5× TGI throughput (Kwon et al., SOSP 2023); comparable at low, far apart at high concurrency (Kolluru, arXiv 2511.17593)',
      true,
    ),
  },
  transformers: {
    id: 'transformers',
    name: 'Hugging Face transformers (generate)',
    // Eager PyTorch without CUDA graphs, paged KV cache or continuous batching: vLLM reports 14–24× the
    // throughput of HF transformers at serving load (Kwon et al., SOSP 2023), most of it from batching, which the
    // batch input already carries; at the same batch the per-step kernel-launch and Python overhead remain
    // (several × at batch 1). Assumed 3× (2–6×).
    energyFactor: sourced(
      range(3, 2, 6),
      'assumption: eager decode without CUDA graphs or paged KV; bounded by vLLM 14–24× HF throughput at serving load (Kwon et al., SOSP 2023)',
      true,
    ),
  },
};

export function getEngine(id: string): ServingEngine {
  const e = (ENGINES as Record<string, ServingEngine | undefined>)[id.toLowerCase()];
  if (!e) throw new UnknownIdError('engine', id, [...ENGINE_IDS]);
  return e;
}
