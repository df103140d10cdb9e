/**
 * Published training runs with their disclosed footprints: the reference set for scripts/validate-training.ts.
 * Each figure says whether it is printed in the source (`published`) or derived by us from printed figures
 * (`derived`, with the arithmetic in `note`). Runs whose published numbers are inconsistent or not training-only
 * (Llama 3.3 70B card, Mistral Large 2 LCA, Gemma 3) are left out on purpose.
 */
import { UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { AcceleratorGeneration, PowerKind, PowerScope } from '../core/training.js';

export type FigureStatus = 'published' | 'derived';

export interface RunFigure {
  readonly value: number;
  readonly status: FigureStatus;
  readonly note?: string;
}

const pub = (value: number, note?: string): RunFigure =>
  note === undefined ? { value, status: 'published' } : { value, status: 'published', note };
const der = (value: number, note: string): RunFigure => ({ value, status: 'derived', note });

export type TrainingHardwareId = 'tpu-v3' | 'tpu-v4' | 'v100' | 'a100-80gb' | 'h100-sxm';

/** The hardware of these runs, with the dense 16-bit peak that published MFU figures are computed against. */
export interface TrainingHardware {
  readonly id: TrainingHardwareId;
  readonly name: string;
  readonly generation: AcceleratorGeneration;
  /** Dense BF16 (FP16 on V100) tensor peak per chip, TFLOP/s. */
  readonly peakTflops16: number;
  /** Id in src/catalog/accelerators.ts, where the same chip is listed (a test keeps the peaks equal). */
  readonly catalogId?: string;
  readonly source: string;
}

export const TRAINING_HARDWARE: Readonly<Record<TrainingHardwareId, TrainingHardware>> = {
  'tpu-v3': {
    id: 'tpu-v3',
    name: 'Google TPU v3',
    generation: 'tpu-v3',
    peakTflops16: 123,
    source: 'Google Cloud TPU v3 documentation (123 TFLOPS BF16 per chip); Patterson et al. 2021 Table 4',
  },
  'tpu-v4': {
    id: 'tpu-v4',
    name: 'Google TPU v4',
    generation: 'tpu-v4',
    peakTflops16: 275,
    catalogId: 'tpu-v4',
    source: 'Google Cloud TPU v4 documentation (275 TFLOPS BF16 per chip)',
  },
  v100: {
    id: 'v100',
    name: 'NVIDIA V100 SXM2',
    generation: 'volta',
    peakTflops16: 125,
    catalogId: 'v100',
    source: 'NVIDIA Tesla V100 datasheet (125 TFLOPS FP16 tensor, SXM2)',
  },
  'a100-80gb': {
    id: 'a100-80gb',
    name: 'NVIDIA A100 80GB SXM',
    generation: 'ampere',
    peakTflops16: 312,
    catalogId: 'a100-80gb',
    source: 'NVIDIA A100 datasheet (312 TFLOPS BF16 dense)',
  },
  'h100-sxm': {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    generation: 'hopper',
    peakTflops16: 989,
    catalogId: 'h100-sxm',
    source: 'NVIDIA H100 datasheet (989 TFLOPS BF16 dense)',
  },
};

/** How the published carbon was accounted: grid average (`location`), or Google's `net` figure after its carbon-free-energy purchases. */
export type CarbonBasis = 'location' | 'net';

export interface PublishedTrainingRun {
  readonly id: string;
  readonly name: string;
  readonly hardware: TrainingHardwareId;
  readonly acceleratorCount?: RunFigure;
  /** Wall-clock training days, where the hours are derived from count × days. */
  readonly trainingDays?: RunFigure;
  readonly acceleratorHours?: RunFigure;
  readonly paramsTotal?: RunFigure;
  /** Parameters per token, when different from total (MoE). */
  readonly paramsActive?: RunFigure;
  readonly tokens?: RunFigure;
  /** The power the published accounting used, per accelerator. */
  readonly power?: { readonly kind: PowerKind; readonly scope: PowerScope; readonly watts: RunFigure };
  readonly pue?: RunFigure;
  readonly intensityGPerKWh?: RunFigure;
  /** IT energy (before PUE), MWh: measured, or constructed as hours × W where the source gives only that. */
  readonly energyItMWh?: RunFigure;
  /** Facility energy (after PUE), MWh. */
  readonly energyMWh?: RunFigure;
  readonly carbonT?: RunFigure;
  readonly carbonBasis?: CarbonBasis;
  readonly wueOnsiteLPerKWh?: RunFigure;
  readonly offsiteWaterLPerKWh?: RunFigure;
  readonly waterKL?: RunFigure;
  /**
   * Runs disclosed on one model card share this id. Meta's cards give hours, watts and tCO2e but no intensity; the
   * validation derives one intensity per card (Σ t / Σ MWh) and checks every row against it.
   */
  readonly card?: string;
  readonly source: string;
  readonly notes?: string;
}

const PATTERSON = 'Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training", arXiv:2104.10350, Table 4';
const TPU_V3_POWER = 'measured system average per chip, incl. host, memory and network (Patterson Table 4)';
const LLAMA2 = 'Meta, Llama 2 model card (meta-llama/llama-models, models/llama2/MODEL_CARD.md), "Training Factors"';
const LLAMA3 = 'Meta, Llama 3 model card (meta-llama/llama-models, models/llama3/MODEL_CARD.md)';
const LLAMA31 = 'Meta, Llama 3.1 model card (meta-llama/llama-models, models/llama3_1/MODEL_CARD.md)';
const META_PUE = pub(1, 'card: power is "peak power capacity per GPU device … adjusted for power usage efficiency"; no separate PUE');
const META_POWER = (w: number) => ({ kind: 'tdp', scope: 'accelerator-only', watts: pub(w) }) as const;
const OLMO2 = 'Team OLMo, "2 OLMo 2 Furious", arXiv:2501.00656 (2024), Table 19; Morrison et al. 2025, ICLR, Table 2';

function pattersonHours(chips: number, days: number): RunFigure {
  return der(chips * days * 24, `${chips} chips × ${days} days × 24 h`);
}

export const TRAINING_RUNS: readonly PublishedTrainingRun[] = [
  {
    id: 't5-11b',
    name: 'T5-11B',
    hardware: 'tpu-v3',
    acceleratorCount: pub(512),
    trainingDays: pub(20),
    acceleratorHours: pattersonHours(512, 20),
    paramsTotal: pub(11e9),
    power: { kind: 'measured-average', scope: 'whole-system', watts: pub(310, TPU_V3_POWER) },
    pue: pub(1.12),
    intensityGPerKWh: pub(545, 'Google Taiwan data centre, net of carbon-free energy'),
    energyMWh: pub(85.7),
    carbonT: pub(46.7),
    carbonBasis: 'net',
    source: PATTERSON,
  },
  {
    id: 'meena',
    name: 'Meena',
    hardware: 'tpu-v3',
    acceleratorCount: pub(1024),
    trainingDays: pub(30),
    acceleratorHours: pattersonHours(1024, 30),
    paramsTotal: pub(2.6e9),
    power: { kind: 'measured-average', scope: 'whole-system', watts: pub(289, TPU_V3_POWER) },
    pue: pub(1.09),
    intensityGPerKWh: pub(415, 'Google Georgia data centre'),
    energyMWh: pub(232),
    carbonT: pub(96.4),
    carbonBasis: 'net',
    source: PATTERSON,
  },
  {
    id: 'gshard-600b',
    name: 'GShard-600B (MoE)',
    hardware: 'tpu-v3',
    acceleratorCount: pub(1024),
    trainingDays: pub(3.1),
    acceleratorHours: pattersonHours(1024, 3.1),
    power: { kind: 'measured-average', scope: 'whole-system', watts: pub(288, TPU_V3_POWER) },
    pue: pub(1.09),
    intensityGPerKWh: pub(177, 'Google North Carolina data centre'),
    energyMWh: pub(24.1),
    carbonT: pub(4.3),
    carbonBasis: 'net',
    source: PATTERSON,
    notes: '3.1 days is printed to two digits (±1.6%), which bounds how closely energy can close.',
  },
  {
    id: 'switch-transformer',
    name: 'Switch Transformer (MoE)',
    hardware: 'tpu-v3',
    acceleratorCount: pub(1024),
    trainingDays: pub(27),
    acceleratorHours: pattersonHours(1024, 27),
    power: { kind: 'measured-average', scope: 'whole-system', watts: pub(245, TPU_V3_POWER) },
    pue: pub(1.1),
    intensityGPerKWh: pub(330, 'Google Georgia data centre'),
    energyMWh: pub(179),
    carbonT: pub(59.1),
    carbonBasis: 'net',
    source: PATTERSON,
    notes: 'Patterson et al. call the Switch energy "estimated".',
  },
  {
    id: 'gpt-3',
    name: 'GPT-3 175B',
    hardware: 'v100',
    acceleratorCount: pub(10_000, 'assumed by Patterson et al. from an NVIDIA suggestion, not disclosed by OpenAI'),
    trainingDays: pub(14.8),
    acceleratorHours: pattersonHours(10_000, 14.8),
    paramsTotal: pub(175e9, 'Brown et al. 2020, "Language Models are Few-Shot Learners", Table 2.1'),
    tokens: pub(300e9, 'Brown et al. 2020, §2.2'),
    power: {
      kind: 'measured-average',
      scope: 'whole-system',
      watts: pub(330, 'system average per V100 measured by OpenAI, host included (Patterson Table 4)'),
    },
    pue: pub(1.1),
    intensityGPerKWh: pub(429, 'US average (Azure), Patterson Table 4'),
    energyMWh: pub(1287),
    carbonT: pub(552.1),
    carbonBasis: 'location',
    source: PATTERSON,
  },
  {
    id: 'gopher',
    name: 'Gopher 280B',
    hardware: 'tpu-v3',
    acceleratorCount: pub(4096),
    acceleratorHours: der(4096 * 920, '4,096 TPUv3 chips × 920 h'),
    paramsTotal: pub(280e9),
    tokens: pub(300e9),
    source: 'Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher", arXiv:2112.11446, Table A27',
    notes: 'Compute only: the published carbon (Luccioni & Hernandez-Garcia 2023) is a category-average reconstruction.',
  },
  {
    id: 'palm-540b',
    name: 'PaLM 540B',
    hardware: 'tpu-v4',
    acceleratorHours: der(6144 * 1200 + 3072 * 336, '6,144 chips × 1,200 h + 3,072 chips × 336 h'),
    paramsTotal: pub(540.35e9),
    tokens: pub(780e9),
    source: 'Chowdhery et al. 2022, "PaLM: Scaling Language Modeling with Pathways", arXiv:2204.02311, App. B',
    notes: 'Compute only here: the 0.079 kg/kWh net intensity is not verified in a primary copy.',
  },
  {
    id: 'bloom-176b',
    name: 'BLOOM 176B',
    hardware: 'a100-80gb',
    acceleratorCount: pub(384),
    acceleratorHours: pub(1_082_990, '118 days 5 h 41 min on 384 GPUs'),
    paramsTotal: pub(176.25e9),
    tokens: pub(366e9),
    power: { kind: 'tdp', scope: 'accelerator-only', watts: pub(400, 'A100 TDP, used as the average draw') },
    pue: der(1, 'dynamic energy is hours × 0.4 kW exactly: no PUE applied to it'),
    intensityGPerKWh: pub(57, 'French grid'),
    energyItMWh: pub(433.196, 'dynamic consumption (idle 256.6 MWh reported apart)'),
    carbonT: pub(24.69, 'dynamic only; 50.5 t with embodied (11.2 t) and idle (14.6 t)'),
    carbonBasis: 'location',
    source: 'Luccioni, Viguier & Ligozat 2023, "Estimating the Carbon Footprint of BLOOM", JMLR 24(253), Tables 1–3',
  },
  {
    id: 'llama-2-7b',
    name: 'Llama 2 7B',
    hardware: 'a100-80gb',
    acceleratorHours: pub(184_320),
    paramsTotal: pub(6.74e9, 'count of the released weights'),
    tokens: pub(2e12),
    power: META_POWER(400),
    pue: META_PUE,
    carbonT: pub(31.22),
    carbonBasis: 'location',
    card: 'llama-2',
    source: LLAMA2,
  },
  {
    id: 'llama-2-13b',
    name: 'Llama 2 13B',
    hardware: 'a100-80gb',
    acceleratorHours: pub(368_640),
    paramsTotal: pub(13.0e9, 'count of the released weights'),
    tokens: pub(2e12),
    power: META_POWER(400),
    pue: META_PUE,
    carbonT: pub(62.44),
    carbonBasis: 'location',
    card: 'llama-2',
    source: LLAMA2,
  },
  {
    id: 'llama-2-34b',
    name: 'Llama 2 34B',
    hardware: 'a100-80gb',
    acceleratorHours: pub(1_038_336),
    paramsTotal: pub(34e9, 'as printed (not released)'),
    tokens: pub(2e12),
    power: META_POWER(350),
    pue: META_PUE,
    carbonT: pub(153.9),
    carbonBasis: 'location',
    card: 'llama-2',
    source: 'Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models", arXiv:2307.09288, Table 2',
    notes: 'Trained on the production cluster at a 350 W cap; the card totals (3,311,616 GPU-h, 539.00 t) include it.',
  },
  {
    id: 'llama-2-70b',
    name: 'Llama 2 70B',
    hardware: 'a100-80gb',
    acceleratorHours: pub(1_720_320),
    paramsTotal: pub(69.0e9, 'count of the released weights'),
    tokens: pub(2e12),
    power: META_POWER(400),
    pue: META_PUE,
    carbonT: pub(291.42),
    carbonBasis: 'location',
    card: 'llama-2',
    source: LLAMA2,
  },
  {
    id: 'llama-3-8b',
    name: 'Llama 3 8B',
    hardware: 'h100-sxm',
    acceleratorHours: pub(1.3e6),
    paramsTotal: pub(8.03e9, 'count of the released weights'),
    tokens: pub(15e12, 'card: "15T+"'),
    power: META_POWER(700),
    pue: META_PUE,
    carbonT: pub(390),
    carbonBasis: 'location',
    card: 'llama-3',
    source: LLAMA3,
  },
  {
    id: 'llama-3-70b',
    name: 'Llama 3 70B',
    hardware: 'h100-sxm',
    acceleratorHours: pub(6.4e6),
    paramsTotal: pub(70.6e9, 'count of the released weights'),
    tokens: pub(15e12, 'card: "15T+"'),
    power: META_POWER(700),
    pue: META_PUE,
    carbonT: pub(1900),
    carbonBasis: 'location',
    card: 'llama-3',
    source: LLAMA3,
  },
  {
    id: 'llama-3.1-8b',
    name: 'Llama 3.1 8B',
    hardware: 'h100-sxm',
    acceleratorHours: pub(1.46e6),
    paramsTotal: pub(8.03e9, 'count of the released weights'),
    tokens: pub(15e12, 'card: "~15 trillion tokens"'),
    power: META_POWER(700),
    pue: META_PUE,
    carbonT: pub(420),
    carbonBasis: 'location',
    card: 'llama-3.1',
    source: LLAMA31,
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama 3.1 70B',
    hardware: 'h100-sxm',
    acceleratorHours: pub(7.0e6),
    paramsTotal: pub(70.6e9, 'count of the released weights'),
    tokens: pub(15e12, 'card: "~15 trillion tokens"'),
    power: META_POWER(700),
    pue: META_PUE,
    carbonT: pub(2040),
    carbonBasis: 'location',
    card: 'llama-3.1',
    source: LLAMA31,
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama 3.1 405B',
    hardware: 'h100-sxm',
    acceleratorCount: pub(16_384, 'up to 16K H100s (Dubey et al. 2024, §3.3)'),
    acceleratorHours: pub(30.84e6),
    paramsTotal: pub(405.9e9, 'count of the released weights'),
    tokens: pub(15.6e12, 'Dubey et al. 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, §3'),
    power: META_POWER(700),
    pue: META_PUE,
    carbonT: pub(8930),
    carbonBasis: 'location',
    card: 'llama-3.1',
    source: LLAMA31,
  },
  {
    id: 'olmo-2-7b',
    name: 'OLMo 2 7B',
    hardware: 'h100-sxm',
    paramsTotal: pub(7.3e9),
    tokens: pub(4.05e12),
    energyItMWh: pub(131, 'GPU power measured on one node every 25 ms, extrapolated to the run'),
    pue: pub(1.2),
    intensityGPerKWh: pub(332, 'Austin Energy (Jupiter cluster, Texas)'),
    energyMWh: pub(157),
    carbonT: pub(52),
    carbonBasis: 'location',
    wueOnsiteLPerKWh: pub(0, 'closed-loop cooling'),
    offsiteWaterLPerKWh: pub(1.29),
    waterKL: pub(202),
    source: OLMO2,
  },
  {
    id: 'olmo-2-13b',
    name: 'OLMo 2 13B',
    hardware: 'h100-sxm',
    paramsTotal: pub(13.7e9),
    tokens: pub(5.6e12),
    energyItMWh: pub(257, 'measured GPU power (Morrison et al. print 230 MWh, which does not close; 257 does)'),
    pue: pub(1.12),
    intensityGPerKWh: pub(351, 'Iowa (Augusta cluster)'),
    energyMWh: pub(288),
    carbonT: pub(101),
    carbonBasis: 'location',
    wueOnsiteLPerKWh: pub(0, 'closed-loop cooling'),
    offsiteWaterLPerKWh: pub(3.1),
    waterKL: pub(892),
    source: OLMO2,
  },
];

export function getTrainingRun(id: string): PublishedTrainingRun {
  const run = TRAINING_RUNS.find((r) => r.id === id.toLowerCase());
  if (run) return run;
  throw new UnknownIdError('training run', id, suggest(id, TRAINING_RUNS.map((r) => r.id)));
}
