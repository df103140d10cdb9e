/**
 * The "environmental impact" section of a model card, as published cards carry it: the Hugging Face card fields
 * (hardware type, hours used, cloud provider, compute region, carbon emitted) and the training-factors table of
 * Meta's Llama cards (GPU hours, power, location- and market-based tCO2e), plus energy and a methodology link.
 * Same numbers as `disclose eu-ai-act` and `estimate training` for the same run file.
 */
import type { TrainingEstimate } from '../core/training.js';
import { type DisclosureDocument, type Figure, makeDocument, naFigure } from './document.js';
import type { RunFile } from './run-file.js';
import { runTraining } from './run-training.js';
import { sigFigs } from './sig-figs.js';

export interface ModelCardDisclosure {
  readonly kind: 'model-card';
  readonly model: string;
  readonly hardware: string;
  readonly acceleratorHours: number | undefined;
  /** Average power per accelerator the estimate used (W), when modelled from power. */
  readonly powerW: number | undefined;
  readonly cloudProvider: string | undefined;
  readonly region: string;
  readonly energyMWh: number;
  readonly carbonT: { readonly location: number; readonly market: number };
  readonly estimate: TrainingEstimate;
  readonly markdown: string;
  readonly document: DisclosureDocument;
}

const DEFAULT_METHOD_URL = 'https://github.com/tokenprint/tokenprint/blob/main/docs/disclose.md#model-card';

export function discloseModelCard(run: RunFile): ModelCardDisclosure {
  const rt = runTraining(run);
  const e = rt.estimate;
  const hours = rt.compute.acceleratorHours ?? e.acceleratorHours?.value;
  const power = e.trace.filter((f) => f.name === 'powerW' || f.name === 'tdpFraction' || f.name === 'hostWPerAccelerator');
  const pw = e.trace.find((f) => f.name === 'powerW')?.value;
  const frac = e.trace.find((f) => f.name === 'tdpFraction')?.value ?? 1;
  const host = e.trace.find((f) => f.name === 'hostWPerAccelerator')?.value ?? 0;
  const powerW = pw === undefined ? undefined : pw * frac + host;
  const region = run.training.region ?? rt.zone;
  const methodUrl = run.model.methodologyUrl ?? DEFAULT_METHOD_URL;
  const hoursText = hours === undefined ? 'N/A' : Math.round(hours).toLocaleString('en-US');
  const powerText = powerW === undefined ? 'N/A (metered energy)' : `${Math.round(powerW)}`;
  const md = [
    '## Environmental impact',
    '',
    `- **Hardware type:** ${rt.accelerator.name}${run.training.hardware.count ? ` × ${run.training.hardware.count}` : ''}`,
    `- **Hours used:** ${hoursText} accelerator-hours`,
    `- **Cloud provider:** ${run.training.hardware.cloudProvider ?? run.training.hardware.owner ?? 'N/A'}`,
    `- **Compute region:** ${region}`,
    `- **Energy:** ${sigFigs(e.energyMWh.value, 3)} MWh (facility, ${e.itBoundary === 'gpu' ? 'accelerators' : 'servers'} × PUE; range ${sigFigs(e.energyMWh.low, 3)}–${sigFigs(e.energyMWh.high, 3)})`,
    `- **Carbon emitted:** ${sigFigs(e.carbonT.location.value, 3)} tCO2e location-based, ${sigFigs(e.carbonT.market.value, 3)} tCO2e market-based`,
    '',
    '| Model | Training time (accelerator hours) | Power consumption (W) | Training location-based emissions (tCO2e) | Training market-based emissions (tCO2e) |',
    '|---|---:|---:|---:|---:|',
    `| ${run.model.name} | ${hoursText} | ${powerText} | ${sigFigs(e.carbonT.location.value, 3)} | ${sigFigs(e.carbonT.market.value, 3)} |`,
    '',
    `Methodology: ${methodUrl} — ${power.length ? 'power per accelerator including the host share' : 'metered energy'}, PUE and grid factors as traced; estimated with tokenprint (\`tokenprint disclose model-card ${run.file}\`).`,
    '',
  ].join('\n');
  const fig = (id: string, label: string, v: number | undefined, unit: string, method: string, reason: string): Figure => {
    const base = { id, label, unit, method, source: 'tokenprint training estimator' };
    return v === undefined ? naFigure(base, reason) : { ...base, value: v, display: `${sigFigs(v, 3)} ${unit}` };
  };
  const document = makeDocument({
    kind: 'model-card',
    title: `Model card — environmental impact (${run.model.name})`,
    subtitle: `${run.model.provider} · document version ${run.documentVersion} · ${run.lastUpdated}`,
    sections: [
      {
        title: 'Training',
        figures: [
          { id: 'hardware', label: 'Hardware type', value: null, display: rt.accelerator.name, unit: 'text', method: 'run file', source: rt.accelerator.source },
          fig('hours', 'Hours used', hours, 'accelerator-hours', 'run file or derived from compute', 'no hours: metered energy only'),
          fig('powerW', 'Power per accelerator (incl. host share)', powerW, 'W', 'power basis × fraction + host', 'metered energy: no power figure'),
          fig('energy', 'Energy (facility)', e.energyMWh.value, 'MWh', `IT (${e.itBoundary}) × PUE`, ''),
          fig('co2.location', 'Carbon emitted, location-based', e.carbonT.location.value, 'tCO2e', 'energy × grid average', ''),
          fig('co2.market', 'Carbon emitted, market-based', e.carbonT.market.value, 'tCO2e', 'energy × instruments + residual mix', ''),
        ],
      },
    ],
    appendixMarkdown: md,
  });
  return {
    kind: 'model-card',
    model: run.model.name,
    hardware: rt.accelerator.name,
    acceleratorHours: hours,
    powerW,
    cloudProvider: run.training.hardware.cloudProvider,
    region,
    energyMWh: e.energyMWh.value,
    carbonT: { location: e.carbonT.location.value, market: e.carbonT.market.value },
    estimate: e,
    markdown: md,
    document,
  };
}
