/**
 * Published training MFU by accelerator generation and model size: the defaults `estimate training` uses when
 * no --mfu is given. Cited data (moved here from core/training.ts: core takes the table as an argument).
 */
import { mfuFromTable, type AcceleratorGeneration, type MfuDefault, type MfuDefaultRow } from '../core/training.js';

const B = 1e9;

/**
 * Default MFU over the *accounted* accelerator-hours (restarts, evaluation and downtime included), which is what
 * turns 6ND into the hours a run actually kept accelerators busy. Rule for every row:
 *   value = median of the accounted MFU of published runs in the bucket (Hopper: the middle of accounted and
 *           published steady-state MFU, see its rows);
 *   low   = 0.8 × the lowest accounted MFU in the bucket (accounting overheads differ by run);
 *   high  = the highest steady-state MFU published for that hardware class (accounted MFU cannot exceed it).
 * Blackwell and non-NVIDIA parts have no published LLM training MFU yet: they get the `unknown` envelope.
 * Accounted MFU of a run = 6·N_active·D / (published accelerator-hours × 3600 × dense 16-bit peak); the values
 * are recomputed by scripts/validate-training.ts from src/catalog/training-runs.ts.
 */
export const MFU_DEFAULTS: readonly MfuDefaultRow[] = [
  {
    // GPT-3 on V100: 19.7% measured (Patterson et al. 2021: 24.6 of 125 TFLOP/s), 21.3% (Chowdhery et al. 2022,
    // PaLM Table 3); XLM 21.2% (Wu et al. 2022, via LLMCarbon data). Only two runs, both near 20%: the high end
    // adds 20% to the best, since no steady-state V100 LLM figure above 21.3% is published.
    generation: 'volta',
    belowParams: Infinity,
    value: 0.2,
    low: 0.16,
    high: 0.25,
    evidence: 'GPT-3 19.7% (Patterson 2021), 21.3% (PaLM Table 3); XLM 21.2% (Wu 2022)',
  },
  {
    // Patterson et al. 2021 measured TPUv3 utilisation: T5 37%, Meena 34%, GShard 39%, Switch 28%; Gopher
    // (Rae et al. 2021) 30.2% accounted from 4,096 chips × 920 h, 32.5% steady-state per PaLM Table 3.
    generation: 'tpu-v3',
    belowParams: Infinity,
    value: 0.34,
    low: 0.22,
    high: 0.4,
    evidence: 'T5 37%, Meena 34%, GShard 39%, Switch 28% (Patterson 2021); Gopher 30.2% accounted, 32.5% (PaLM Table 3)',
  },
  {
    // PaLM 540B (Chowdhery et al. 2022): 46.2% steady-state MFU with attention (Table 3); 30.4% over the accounted
    // 8.40M chip-hours (App. B). The only TPUv4 LLM run with published hours.
    generation: 'tpu-v4',
    belowParams: Infinity,
    value: 0.3,
    low: 0.24,
    high: 0.47,
    evidence: 'PaLM 540B 30.4% accounted, 46.2% steady-state (Chowdhery 2022)',
  },
  {
    // Llama 2 7B 39%, 13B 38% accounted (model card hours); Megatron-LM 1.7B reaches 44% of A100 peak
    // (Narayanan et al. 2021, Table 1).
    generation: 'ampere',
    belowParams: 20 * B,
    value: 0.38,
    low: 0.3,
    high: 0.44,
    evidence: 'Llama 2 7B 39%, 13B 38% accounted (card); Megatron-LM 1.7B 44% (Narayanan 2021)',
  },
  {
    // Llama 2 34B 35%, 70B 43% accounted (Touvron et al. 2023 Table 2 / card); MPT-30B "> 46%" on A100 (MosaicML
    // 2023, a lower bound); Megatron-LM 44–52% (Narayanan 2021).
    generation: 'ampere',
    belowParams: 100 * B,
    value: 0.39,
    low: 0.28,
    high: 0.5,
    evidence: 'Llama 2 34B 35%, 70B 43% accounted; MPT-30B >46% (MosaicML 2023); Megatron-LM 44–52%',
  },
  {
    // BLOOM 176B 31.8% accounted (Luccioni et al. 2023: 1,082,990 GPU-h), 50% in its best configuration (156
    // TFLOP/s); GLM-130B ≥ 25% accounted (hours are an upper bound), 32.5% steady-state (Zeng et al. 2022); OPT-175B
    // ~21% if its 180B-token corpus was seen once (hours as assumed by Touvron et al. 2023 Table 15). The value is
    // BLOOM's, the only run here with exact published hours and tokens. High: Megatron-LM 52% at 530B–1T.
    generation: 'ampere',
    belowParams: Infinity,
    value: 0.32,
    low: 0.17,
    high: 0.52,
    evidence: 'BLOOM 31.8% accounted, 50% best (Luccioni 2023); GLM-130B ≥25%/32.5% (Zeng 2022); OPT ~21%; Megatron-LM 52%',
  },
  {
    // Very small models keep accelerators less busy (short kernels; communication and data loading dominate):
    // Llama 3.2 1B 5%, 3B 11% accounted (card hours over 9T tokens; the logit-distillation passes are extra
    // work the 6ND count does not see). High: the best published H100 figure at any size.
    generation: 'hopper',
    belowParams: 5 * B,
    value: 0.15,
    low: 0.04,
    high: 0.43,
    evidence: 'Llama 3.2 1B 5%, 3B 11% accounted (cards, distillation included); Llama 3 405B 43% best (Dubey 2024 Table 4)',
  },
  {
    // H100 runs of 2024–25 publish 0.3–0.45 steady-state MFU (Llama 3 405B 38–43%, Dubey et al. 2024 Table 4;
    // MPT-30B > 35%, MosaicML 2023), while Meta's 8B cards account only 14–16% over their hours (Llama 3 8B 16%,
    // Llama 3.1 8B 14%). The value is the geometric middle of the two (√(0.15 × 0.375) ≈ 0.24 → 0.25): Meta's
    // accounting is the low edge, not the typical run (issue 17: a 0.15 default put hours 1.5–1.8× high for
    // recent H100 runs). Low: 0.8 × Meta's 14%; high: the top of the published band.
    generation: 'hopper',
    belowParams: 20 * B,
    value: 0.25,
    low: 0.11,
    high: 0.45,
    evidence: 'Llama 3 8B 16%, Llama 3.1 8B 14% accounted (cards); H100 steady-state 0.3–0.45 (Dubey 2024 Table 4; MosaicML 2023)',
  },
  {
    // Llama 3 70B 28%, Llama 3.1 70B 26% accounted (cards); MPT-30B "> 35%" on H100 (a lower bound); the
    // 0.3–0.45 steady-state band of 2024–25 H100 runs above. Value: the middle of accounted and steady-state.
    generation: 'hopper',
    belowParams: 100 * B,
    value: 0.33,
    low: 0.21,
    high: 0.45,
    evidence: 'Llama 3 70B 28%, Llama 3.1 70B 26% accounted (cards); MPT-30B >35% (MosaicML 2023); 0.3–0.45 steady-state',
  },
  {
    // Llama 3.1 405B: 35% accounted (30.84M GPU-h, 15.6T tokens); 38–43% steady-state BF16 (Dubey et al. 2024,
    // Table 4). Value: the middle of the two.
    generation: 'hopper',
    belowParams: Infinity,
    value: 0.38,
    low: 0.28,
    high: 0.45,
    evidence: 'Llama 3.1 405B 35% accounted (card), 38–43% steady-state (Dubey 2024 Table 4)',
  },
  {
    // No generation given: the envelope of every row above, centred on the middle of the published runs.
    generation: 'unknown',
    belowParams: Infinity,
    value: 0.3,
    low: 0.11,
    high: 0.52,
    evidence: 'envelope of all rows (Llama 3.1 8B 14% … Megatron-LM 52%)',
  },
];

/** Default MFU range for a hardware generation and model size (see {@link MFU_DEFAULTS} for the runs behind it). */
export function defaultMfuRange(generation: AcceleratorGeneration, paramsActive: number): MfuDefault {
  return mfuFromTable(MFU_DEFAULTS, generation, paramsActive);
}
