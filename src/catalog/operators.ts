/**
 * Data-centre efficiency: power usage effectiveness (PUE, facility ÷ IT energy) and on-site water usage effectiveness
 * (WUE, litres consumed on site per kWh of IT energy), per operator fleet and, where the operator publishes it, per
 * cloud region.
 *
 * Fleet ranges span the operator's recent published annual fleet figures (value = the latest). They are not the
 * spread between sites, which is much wider (AWS 2024: PUE 1.11–1.40, WUE 0.01–2.75 L/kWh across regions): pass a
 * region to get a site figure where one is published.
 */
import { UnknownIdError } from '../core/errors.js';
import { exact, range } from '../core/range.js';
import { suggest } from '../core/suggest.js';
import type { CloudRegion, OperatorEfficiency } from './types.js';

const GCP_WUE = range(1.15, 0.94, 1.15);

export const OPERATORS: readonly OperatorEfficiency[] = [
  {
    id: 'aws',
    pue: range(1.14, 1.14, 1.15),
    wueOnsiteLPerKWh: range(0.12, 0.12, 0.18),
    source:
      'Amazon sustainability reports: fleet PUE 1.15 (2023, 2024), 1.14 (2025); WUE 0.18 (2023), 0.15 (2024), ' +
      '0.12 L/kWh (2025); aws.amazon.com/sustainability',
    assumed: false,
  },
  {
    id: 'gcp',
    pue: range(1.09, 1.09, 1.1),
    // Google publishes water volumes, not a WUE. 1.15 L/kWh is the consumptive on-site figure the Gemini-serving paper
    // (Elsworth et al. 2025) uses for its AI data centres; 0.94 is the 2025 fleet consumption / energy derived from
    // the environmental report (10,523 Mgal ÷ 42.42 TWh). Both are secondary here.
    wueOnsiteLPerKWh: GCP_WUE,
    source:
      'Google environmental reports: fleet trailing-twelve-month PUE 1.10 (2022-23), 1.09 (2024, 2025); WUE: ' +
      'Elsworth et al. 2025 (1.15 L/kWh, consumptive) and derived 2025 fleet figure (0.94 L/kWh)',
    assumed: false,
    assumedFields: ['wueOnsiteLPerKWh'],
  },
  {
    id: 'azure',
    pue: range(1.17, 1.16, 1.18),
    wueOnsiteLPerKWh: range(0.27, 0.27, 0.3),
    source:
      'Microsoft datacenter sustainability pages and reports: PUE 1.18 (2022), 1.16 (FY24), 1.17 (FY25); ' +
      'WUE 0.30 (FY24), 0.27 L/kWh (FY25); FY25 figures seen as restatements only',
    assumed: false,
  },
  {
    id: 'meta',
    pue: range(1.08, 1.08, 1.09),
    wueOnsiteLPerKWh: range(0.2, 0.18, 0.26),
    source:
      'Meta sustainability reports (sustainability.fb.com/data-centers): PUE 1.09 (buildings completed 2021), 1.08 ' +
      '(fleet 2023); WUE 0.26 (buildings completed 2021); ~0.18-0.20 L/kWh (2024-25, low-confidence restatement)',
    assumed: false,
    assumedFields: ['wueOnsiteLPerKWh'],
  },
  {
    // A typical enterprise or colocation facility when nothing is known about it.
    id: 'generic-datacenter',
    pue: range(1.56, 1.25, 1.63),
    wueOnsiteLPerKWh: range(1.8, 0.84, 1.8),
    source:
      'PUE: Uptime Institute Global Data Center Survey 2024 average 1.56; bounds 1.25 (public cloud) and 1.63 ' +
      '(on-premises), IDC as cited by AWS. WUE: ~1.8 L/kWh academic average of US data centres (as reported by ' +
      'GreenBiz; usually traced to Shehabi et al. 2016, LBNL); low bound 0.84, the industry average Amazon cites',
    assumed: true,
  },
  {
    // The envelope of the four hyperscale fleets above; value = mean of their latest figures.
    id: 'hyperscale-default',
    pue: range(1.12, 1.08, 1.18),
    wueOnsiteLPerKWh: range(0.44, 0.12, 1.15),
    source:
      'Assumed: envelope of the AWS, Google, Microsoft and Meta fleet figures in this catalog (value = their mean)',
    assumed: true,
  },
];

/** Per-region figures the operators publish. WUE is the fleet figure where the operator gives only a site PUE. */
export const REGION_EFFICIENCY: readonly OperatorEfficiency[] = [
  ...(
    [
      ['us-east-1', 1.15, 0.12],
      ['us-west-2', 1.12, 0.16],
      ['eu-west-1', 1.11, 0.03],
      ['eu-central-1', 1.35, 0.01],
      ['ap-southeast-3', 1.4, 2.75],
    ] as const
  ).map(([name, pue, wue]) => ({
    id: `aws:${name}`,
    pue: exact(pue),
    wueOnsiteLPerKWh: exact(wue),
    source: 'AWS per-region PUE and WUE for 2024, as restated in the GSF real-time-cloud region metadata',
    assumed: false,
  })),
  ...(
    [
      ['eastus', 1.144, 0.17],
      ['eastus2', 1.144, 0.17],
      ['centralus', 1.16, 0.19],
      ['southcentralus', 1.307, 1.82],
      ['westus2', 1.156, 1.09],
      ['westus3', 1.223, 2.24],
      ['northeurope', 1.197, 0.03],
      ['westeurope', 1.158, 0.08],
      ['swedencentral', 1.172, 0.16],
      ['southeastasia', 1.358, 2.06],
    ] as const
  ).map(([name, pue, wue]) => ({
    id: `azure:${name}`,
    pue: exact(pue),
    wueOnsiteLPerKWh: exact(wue),
    source: 'Microsoft datacenter fact sheets 2022 (per-region PUE and WUE)',
    assumed: false,
  })),
  ...(
    [
      ['us-central1', 1.1],
      ['us-west1', 1.07],
      ['europe-west4', 1.07],
    ] as const
  ).map(([name, pue]) => ({
    id: `gcp:${name}`,
    pue: exact(pue),
    wueOnsiteLPerKWh: GCP_WUE,
    source: 'Google 2024 per-site PUE (environmental report, via GSF real-time-cloud); WUE: Google fleet figure',
    assumed: false,
    assumedFields: ['wueOnsiteLPerKWh'] as const,
  })),
];

let byId: Map<string, OperatorEfficiency> | undefined;

function index(): Map<string, OperatorEfficiency> {
  byId ??= new Map([...OPERATORS, ...REGION_EFFICIENCY].map((o) => [o.id, o]));
  return byId;
}

export function listOperators(): readonly OperatorEfficiency[] {
  return OPERATORS;
}

/** An operator fleet (`aws`, `generic-datacenter`…) or a region (`aws:us-east-1`) with published figures. */
export function getOperator(id: string): OperatorEfficiency {
  const hit = index().get(id.trim().toLowerCase());
  if (hit) return hit;
  throw new UnknownIdError('operator', id, suggest(id, [...index().keys()]));
}

/** The region's own published figures when there are any, else its provider's fleet figures. */
export function operatorForRegion(region: CloudRegion): OperatorEfficiency {
  return index().get(region.id) ?? getOperator(region.provider);
}
