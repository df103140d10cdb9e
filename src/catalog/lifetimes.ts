/**
 * Default service lifetimes used to amortise embodied carbon. Both are modelling choices (hence `assumed`), picked
 * from the conventions of the published methods; users should override them with their own refresh cycle.
 */
import type { Range } from '../core/range.js';
import type { Source } from './types.js';

export interface LifetimeYears extends Range {
  readonly source: Source;
  readonly assumed: boolean;
}

/**
 * Accelerators: 4 (3–6) years. Low: Boavizta's GPU component default, 26,280 h = 3 yr (boaviztapi
 * `archetypes/components/gpu.csv` @ 15878f0) and EcoLogits' 3 yr (Ostrouchov et al. 2020). Value: the 4 yr implied
 * by NVIDIA's gCO2e/EFLOP claim for HGX H100/B200 (1,312,000 g ÷ (8 × 1,979 TFLOPS × 4 yr) = 0.656). High: the
 * 6-yr functional unit of Google's TPU LCA (Schneider et al., arXiv:2502.01671, 2025). LLMCarbon's 5 yr lies inside.
 */
export const ACCELERATOR_LIFETIME_YEARS: LifetimeYears = {
  value: 4,
  low: 3,
  high: 6,
  source:
    'Boavizta gpu.csv 3 yr; EcoLogits 3 yr; NVIDIA HGX H100/B200 gCO2e/EFLOP metric implies 4 yr; ' +
    'LLMCarbon (Faiz et al., ICLR 2024) 5 yr; Schneider et al. 2025 (Google TPU LCA) 6 yr',
  assumed: true,
};

/**
 * Servers: 4 (3–6) years. Value: CCF's 35,040 h = 4 yr from the Dell R740 LCA, Boavizta's GPU platform archetypes
 * (35,040 h) and the 4-yr use phase of the Dell/HPE server PCFs (Boavizta environmental-footprint-data). Low:
 * EcoLogits' 3 yr for the whole GPU server. High: Boavizta cloud-instance archetypes (52,560 h = 6 yr) and
 * Schneider et al.'s 6 yr. Hyperscalers' 5–6-yr book depreciation (10-K filings) is consistent but not re-checked.
 */
export const SERVER_LIFETIME_YEARS: LifetimeYears = {
  value: 4,
  low: 3,
  high: 6,
  source:
    'CCF 4 yr (Dell R740 LCA); Boavizta server.csv GPU platforms 4 yr, cloud instances 6 yr; Dell/HPE PCFs 4 yr; ' +
    'EcoLogits 3 yr; Schneider et al. 2025 6 yr',
  assumed: true,
};
