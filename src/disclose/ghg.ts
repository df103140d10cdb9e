/**
 * A GHG Protocol inventory of the LLM program for a period, from the ledger report: Scope 2 location- and
 * market-based (Scope 2 Guidance 2015, dual reporting) with the contractual instruments disclosed, Scope 3
 * category 1 (purchased API services), category 2 (hardware bought in the period, in full) and category 3 (upstream
 * of purchased electricity) where a factor is given — each line with its data-quality tier (the method-tier mix)
 * and its ISO 14064-1:2018 category (research §2.4 mapping).
 */
import { z } from 'zod';
import type { Range } from '../core/range.js';
import type { LedgerStore } from '../ledger/store/store.js';
import { dateEndMs, dateStartMs } from '../ledger/ingest/market.js';
import { type DisclosureDocument, type Figure, makeDocument, naFigure } from './document.js';
import { ledgerSelectionSchema, readLedgerPeriod, tierMix, type LedgerPeriod } from './ledger-period.js';
import { sigFigs } from './sig-figs.js';

export const ghgRequestSchema = ledgerSelectionSchema.extend({
  cat3GPerKWh: z.number().min(0).optional().describe('Well-to-tank + T&D-loss factor for purchased electricity, gCO2e/kWh (Scope 3 cat. 3)'),
  cat3Source: z.string().min(1).optional().describe('Where the cat. 3 factor comes from (required with cat3GPerKWh)'),
});
export type GhgRequest = z.infer<typeof ghgRequestSchema>;

export interface InventoryLine {
  readonly id: string;
  readonly scope: string;
  readonly iso14064Category: string;
  /** tCO2e; null when not computable (then `reason`). */
  readonly tCO2e: Range | null;
  readonly energyMWh?: Range;
  readonly dataQuality: string;
  readonly method: string;
  readonly reason?: string;
}

export interface GhgDisclosure {
  readonly kind: 'ghg';
  readonly period: string;
  readonly factorSet: number;
  readonly lines: readonly InventoryLine[];
  readonly instruments: readonly { zone: string; kind: string; from: string; to: string; coverage: number; factorGPerKWh: number; residualMixGPerKWh?: number; source?: string }[];
  readonly totals: { readonly locationBasedT: number; readonly marketBasedT: number };
  readonly document: DisclosureDocument;
}

const ISO2 = 'Category 2 — indirect emissions from imported energy';
const ISO4 = 'Category 4 — indirect emissions from products used by the organisation';
const kgToT = (r: Range): Range => ({ value: r.value / 1000, low: r.low / 1000, high: r.high / 1000 });
const kwhToMWh = kgToT;

export async function discloseGhg(store: LedgerStore, req: GhgRequest, now?: () => Date): Promise<GhgDisclosure> {
  const p = await readLedgerPeriod(store, req, now);
  return ghgFromPeriod(p, req);
}

export function ghgFromPeriod(p: LedgerPeriod, req: GhgRequest): GhgDisclosure {
  const g = p.report.ghg;
  const s2 = p.byScope.get('scope2');
  const s31 = p.byScope.get('scope3.1');
  const fromMs = p.report.from ? dateStartMs(p.report.from) : -Infinity;
  const toMs = p.report.to ? dateEndMs(p.report.to) : Infinity;
  const instruments = p.config.instruments.filter((i) => dateStartMs(i.from) < toMs && dateEndMs(i.to) > fromMs);
  const instrText = instruments.length
    ? instruments.map((i) => `${i.kind} in ${i.zone} ${i.from}→${i.to}: ${(i.coverage * 100).toFixed(0)} % of consumption at ${i.factorGPerKWh} gCO2e/kWh${i.residualMixGPerKWh !== undefined ? `, rest at residual mix ${i.residualMixGPerKWh}` : ''}`).join('; ')
    : 'no contractual instruments in the factor set: market-based equals location-based where no residual mix is given';
  const lines: InventoryLine[] = [
    { id: 'scope2.location', scope: 'Scope 2 (location-based)', iso14064Category: ISO2, tCO2e: kgToT(g.scope2.locationKg), energyMWh: kwhToMWh(g.scope2.energyKWh), dataQuality: tierMix(s2), method: 'self-hosted inference energy × grid-average factor of its zone (GHG Protocol Scope 2 Guidance 2015)' },
    { id: 'scope2.market', scope: 'Scope 2 (market-based)', iso14064Category: ISO2, tCO2e: kgToT(g.scope2.marketKg), energyMWh: kwhToMWh(g.scope2.energyKWh), dataQuality: tierMix(s2), method: `instruments, then residual mix (${instrText})` },
    { id: 'scope3.1', scope: 'Scope 3 category 1 — purchased goods and services (LLM API calls)', iso14064Category: ISO4, tCO2e: kgToT(g.scope3Cat1.locationKg), energyMWh: kwhToMWh(g.scope3Cat1.energyKWh), dataQuality: tierMix(s31), method: 'hybrid: tokens × modelled provider energy per token × PUE × provider-region grid average (market-based beside in the JSON)' },
    { id: 'scope3.2', scope: 'Scope 3 category 2 — capital goods (accelerators and host share bought in the period)', iso14064Category: ISO4, tCO2e: kgToT(g.scope3Cat2.kg), dataQuality: 'average-data: catalog cradle-to-gate footprints per device', method: 'full cradle-to-gate footprint in the purchase year, not depreciated (GHG Protocol Scope 3 Standard)' },
  ];
  if (req.cat3GPerKWh !== undefined) {
    const f = req.cat3GPerKWh;
    const e = g.scope2.energyKWh;
    lines.push({ id: 'scope3.3', scope: 'Scope 3 category 3 — fuel- and energy-related activities (upstream and T&D losses of Scope 2 electricity)', iso14064Category: ISO4, tCO2e: { value: (e.value * f) / 1e6, low: (e.low * f) / 1e6, high: (e.high * f) / 1e6 }, energyMWh: kwhToMWh(e), dataQuality: `average-data: ${f} gCO2e/kWh (${req.cat3Source ?? 'source not given'})`, method: 'Scope 2 electricity × upstream + T&D factor' });
  } else {
    lines.push({ id: 'scope3.3', scope: 'Scope 3 category 3 — fuel- and energy-related activities', iso14064Category: ISO4, tCO2e: null, dataQuality: '—', method: 'Scope 2 electricity × upstream + T&D factor', reason: 'no well-to-tank/T&D factor: give --cat3-g-per-kwh with --cat3-source (e.g. from your national inventory or DEFRA/IEA upstream factors)' });
  }
  const sum = (ids: string[]): number => lines.filter((l) => ids.includes(l.id)).reduce((s, l) => s + (l.tCO2e?.value ?? 0), 0);
  const totals = { locationBasedT: sum(['scope2.location', 'scope3.1', 'scope3.2', 'scope3.3']), marketBasedT: sum(['scope2.market', 'scope3.1', 'scope3.2', 'scope3.3']) };

  const figures: Figure[] = lines.map((l) => {
    const base = { id: l.id, label: `${l.scope} · ISO 14064-1 ${l.iso14064Category.split(' —')[0]}`, unit: 'tCO2e', method: `${l.method}; data quality: ${l.dataQuality}`, source: `tokenprint ledger, factor set ${p.report.factorSet}` };
    return l.tCO2e === null ? naFigure(base, l.reason ?? 'not computable') : { ...base, value: l.tCO2e.value, display: `${sigFigs(l.tCO2e.value, 3)} tCO2e (${sigFigs(l.tCO2e.low, 3)}–${sigFigs(l.tCO2e.high, 3)})${l.energyMWh ? ` · ${sigFigs(l.energyMWh.value, 3)} MWh` : ''}` };
  });
  const document = makeDocument({
    kind: 'ghg',
    title: `GHG inventory of the LLM program — ${p.label}`,
    subtitle: `GHG Protocol Corporate Standard, Scope 2 Guidance (2015), Scope 3 Standard; ISO 14064-1:2018 categories · factor set ${p.report.factorSet}`,
    sections: [
      { title: 'Inventory lines', figures },
      {
        title: 'Totals (Scope 1 is outside tokenprint: backup generators and refrigerants are not tracked)',
        figures: [
          { id: 'total.location', label: 'Scope 2 (location-based) + Scope 3', value: totals.locationBasedT, display: `${sigFigs(totals.locationBasedT, 3)} tCO2e`, unit: 'tCO2e', method: 'sum of lines', source: 'this inventory' },
          { id: 'total.market', label: 'Scope 2 (market-based) + Scope 3', value: totals.marketBasedT, display: `${sigFigs(totals.marketBasedT, 3)} tCO2e`, unit: 'tCO2e', method: 'sum of lines', source: 'this inventory' },
        ],
        notes: [
          `Contractual instruments (market-based Scope 2): ${instrText}.`,
          `${g.embodiedAmortised.label}: ${sigFigs(g.embodiedAmortised.kg.value / 1000, 3)} tCO2e — shown for reference only, never added to category 2.`,
          ...p.report.fallbacks.map((f) => `Fallback used for ${f.requests} requests: ${f.note}`),
        ],
      },
    ],
  });
  return { kind: 'ghg', period: p.label, factorSet: p.report.factorSet, lines, instruments, totals, document };
}
