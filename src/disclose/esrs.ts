/**
 * CSRD / ESRS Set 1 (Delegated Regulation (EU) 2023/2772) datapoints the LLM program feeds, from the ledger:
 * E1-5 energy of own operations (self-hosted and colocated inference only — cloud and API energy is value-chain
 * energy and never appears here) with its fossil / nuclear / renewable split when the grid mix is given; E1-6
 * gross Scope 2 both ways, Scope 3 by category and the totals both ways, with intensity per net revenue when the
 * revenue is given; E3-4 water consumption (m³) of own operations when asked. Research §6.
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import type { LedgerStore } from '../ledger/store/store.js';
import { type DisclosureDocument, type Figure, makeDocument, naFigure } from './document.js';
import { ghgFromPeriod, ghgRequestSchema } from './ghg.js';
import { readLedgerPeriod } from './ledger-period.js';
import { sigFigs } from './sig-figs.js';

export const gridMixSchema = z.strictObject({
  fossil: z.number().min(0).max(1),
  nuclear: z.number().min(0).max(1),
  renewable: z.number().min(0).max(1),
  source: z.string().min(1),
});
export const esrsRequestSchema = ghgRequestSchema.extend({
  revenueEur: z.number().positive().optional().describe('Net revenue of the period, EUR (for the intensity datapoints)'),
  gridMix: gridMixSchema.optional().describe('Shares of the electricity of own operations by source (must add up to 1)'),
  water: z.boolean().default(false).describe('Add ESRS E3-4 water consumption'),
  scope1T: z.number().min(0).optional().describe('Gross Scope 1 of the LLM program (backup generators, refrigerants), tCO2e, from the facilities inventory'),
  scope1Source: z.string().min(1).optional(),
});
export type EsrsRequest = z.input<typeof esrsRequestSchema>;

export interface EsrsDisclosure {
  readonly kind: 'esrs';
  readonly period: string;
  readonly e15: { readonly ownOperationsMWh: number; readonly fossilMWh?: number; readonly nuclearMWh?: number; readonly renewableMWh?: number; readonly excludedValueChainMWh: number };
  readonly e16: {
    /** Given by the user (tokenprint does not track Scope 1); null when not given. */
    readonly scope1T: number | null;
    readonly scope2LocationT: number;
    readonly scope2MarketT: number;
    readonly scope3T: Readonly<Record<string, number | null>>;
    readonly totalLocationT: number;
    readonly totalMarketT: number;
    readonly intensityPerMEur?: { readonly location: number; readonly market: number };
  };
  readonly e34?: { readonly waterM3: number };
  readonly document: DisclosureDocument;
}

export async function discloseEsrs(store: LedgerStore, request: EsrsRequest, now?: () => Date): Promise<EsrsDisclosure> {
  const req = esrsRequestSchema.parse(request);
  if (req.gridMix) {
    const s = req.gridMix.fossil + req.gridMix.nuclear + req.gridMix.renewable;
    if (Math.abs(s - 1) > 1e-6) throw new InvalidInputError('--grid-mix', `the shares add up to ${s}, not 1`);
  }
  if (req.scope1T !== undefined && !req.scope1Source) throw new InvalidInputError('--scope1-source', 'say where the --scope1-t figure comes from');
  const p = await readLedgerPeriod(store, req, now);
  const ghg = ghgFromPeriod(p, req);
  const line = (id: string) => ghg.lines.find((l) => l.id === id);
  const own = p.report.ghg.scope2.energyKWh.value / 1000;
  const mix = req.gridMix;
  const s3: Record<string, number | null> = {};
  for (const id of ['scope3.1', 'scope3.2', 'scope3.3']) s3[id] = line(id)?.tCO2e?.value ?? null;
  const s1 = req.scope1T ?? 0;
  const totalLocationT = s1 + ghg.totals.locationBasedT;
  const totalMarketT = s1 + ghg.totals.marketBasedT;
  const e16 = {
    scope1T: req.scope1T ?? null,
    scope2LocationT: line('scope2.location')?.tCO2e?.value ?? 0,
    scope2MarketT: line('scope2.market')?.tCO2e?.value ?? 0,
    scope3T: s3,
    totalLocationT,
    totalMarketT,
    ...(req.revenueEur ? { intensityPerMEur: { location: totalLocationT / (req.revenueEur / 1e6), market: totalMarketT / (req.revenueEur / 1e6) } } : {}),
  };
  const e15 = {
    ownOperationsMWh: own,
    ...(mix ? { fossilMWh: own * mix.fossil, nuclearMWh: own * mix.nuclear, renewableMWh: own * mix.renewable } : {}),
    excludedValueChainMWh: p.report.ghg.scope3Cat1.energyKWh.value / 1000,
  };
  const src = `tokenprint ledger, factor set ${p.report.factorSet}`;
  const num = (id: string, label: string, v: number, unit: string, method: string): Figure => ({ id, label, value: v, display: `${sigFigs(v, 3)} ${unit}`, unit, method, source: src });
  const mixReason = 'grid mix not given: pass --grid-mix fossil=…,nuclear=…,renewable=… with --grid-mix-source (supplier disclosure or national statistics)';
  const mixFig = (k: 'fossil' | 'nuclear' | 'renewable', label: string): Figure =>
    mix ? num(`E1-5.${k}`, label, own * mix[k], 'MWh', `own-operations energy × ${k} share ${mix[k]} (${mix.source})`) : naFigure({ id: `E1-5.${k}`, label, unit: 'MWh', method: 'own-operations energy × share', source: src }, mixReason);
  const intensity = (k: 'location' | 'market'): Figure =>
    e16.intensityPerMEur
      ? num(`E1-6.intensity.${k}`, `GHG intensity per net revenue (${k}-based)`, e16.intensityPerMEur[k], 'tCO2e/M€', 'total / net revenue')
      : naFigure({ id: `E1-6.intensity.${k}`, label: `GHG intensity per net revenue (${k}-based)`, unit: 'tCO2e/M€', method: 'total / net revenue', source: src }, 'net revenue not given: pass --revenue EUR');
  const s3fig = (id: string, label: string): Figure => {
    const l = line(id);
    return l?.tCO2e ? num(`E1-6.${id}`, label, l.tCO2e.value, 'tCO2e', `${l.method}; data quality: ${l.dataQuality}`) : naFigure({ id: `E1-6.${id}`, label, unit: 'tCO2e', method: l?.method ?? '', source: src }, l?.reason ?? 'not computable');
  };
  const sections = [
    {
      title: 'E1-5 Energy consumption and mix (own operations)',
      intro: 'Own and colocated inference clusters only. Cloud and API energy is not the undertaking’s consumption and appears as Scope 3 in E1-6.',
      figures: [
        num('E1-5.total', 'Total energy consumption from own operations (LLM program)', own, 'MWh', 'self-hosted inference energy at the ledger boundary (facility, × PUE)'),
        mixFig('fossil', 'from fossil sources'),
        mixFig('nuclear', 'from nuclear sources'),
        mixFig('renewable', 'from renewable sources'),
      ],
      notes: [`Not included (value chain, Scope 3 cat. 1): ${sigFigs(e15.excludedValueChainMWh, 3)} MWh of modelled API-provider energy.`],
    },
    {
      title: 'E1-6 Gross Scopes 1, 2, 3 and total GHG emissions',
      figures: [
        req.scope1T !== undefined
          ? { ...num('E1-6.scope1', 'Gross Scope 1', req.scope1T, 'tCO2e', 'as given (facilities inventory)'), source: req.scope1Source ?? '' }
          : naFigure({ id: 'E1-6.scope1', label: 'Gross Scope 1', unit: 'tCO2e', method: '—', source: src }, 'outside tokenprint: backup generators and refrigerants are not tracked; pass --scope1-t with --scope1-source from the facilities inventory'),
        num('E1-6.scope2.location', 'Gross location-based Scope 2', e16.scope2LocationT, 'tCO2e', line('scope2.location')?.method ?? ''),
        num('E1-6.scope2.market', 'Gross market-based Scope 2', e16.scope2MarketT, 'tCO2e', line('scope2.market')?.method ?? ''),
        s3fig('scope3.1', 'Gross Scope 3, category 1 (purchased services: LLM APIs)'),
        s3fig('scope3.2', 'Gross Scope 3, category 2 (capital goods: accelerators)'),
        s3fig('scope3.3', 'Gross Scope 3, category 3 (fuel- and energy-related)'),
        num('E1-6.total.location', `Total GHG emissions (location-based)${req.scope1T === undefined ? ', Scope 1 excluded' : ''}`, e16.totalLocationT, 'tCO2e', `${req.scope1T === undefined ? '' : 'Scope 1 + '}Scope 2 LB + Scope 3 (para 52: shown both ways)`),
        num('E1-6.total.market', `Total GHG emissions (market-based)${req.scope1T === undefined ? ', Scope 1 excluded' : ''}`, e16.totalMarketT, 'tCO2e', `${req.scope1T === undefined ? '' : 'Scope 1 + '}Scope 2 MB + Scope 3 (para 52: shown both ways)`),
        intensity('location'),
        intensity('market'),
      ],
    },
  ];
  let e34: EsrsDisclosure['e34'];
  if (req.water) {
    const w = (p.byScope.get('scope2')?.waterL.value ?? 0) / 1000;
    e34 = { waterM3: w };
    sections.push({
      title: 'E3-4 Water consumption (own operations)',
      intro: 'On-site cooling water (WUE × IT energy) and off-site water of the electricity, of self-hosted inference. Cloud/API water is value-chain data.',
      figures: [num('E3-4.total', 'Total water consumption', w, 'm³', 'WUE × IT energy + off-site water intensity × facility energy')],
      notes: [],
    });
  }
  const document = makeDocument({
    kind: 'esrs',
    title: `ESRS E1${req.water ? ' / E3' : ''} datapoints of the LLM program — ${p.label}`,
    subtitle: 'ESRS Set 1, Delegated Regulation (EU) 2023/2772 (field names kept configurable for the simplified ESRS) · ' + `factor set ${p.report.factorSet}`,
    sections,
  });
  return { kind: 'esrs', period: p.label, e15, e16, ...(e34 ? { e34 } : {}), document };
}
