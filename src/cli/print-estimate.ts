/** Readable summaries of estimates for people (JSON is for machines). */
import type { InferenceEstimate } from '../core/inference.js';
import type { Factor } from '../core/trace.js';
import type { Range } from '../core/range.js';
import { bold, dim, num, rng, table } from './format.js';

export function printEstimate(e: InferenceEstimate): void {
  const r = e.perRequest;
  const lines = [
    bold(`${e.model} on ${e.count} × ${e.hardware} (${e.precision}${e.engine ? `, ${e.engine}` : ''}) — boundary: ${e.boundary}, method: ${e.method}`),
    `request: ${e.request.inputTokens} input (${e.request.cachedInputTokens} cached) + ${e.request.outputTokens} output` +
      (e.request.reasoningTokens ? ` + ${e.request.reasoningTokens} reasoning` : '') +
      ' tokens',
    '',
    table([
      ['energy per output token', rng(e.perOutputToken.energyJ, 'J')],
      ['energy per input token', rng(e.perInputToken.energyJ, 'J')],
      ['energy per request', rng(r.energyWh, 'Wh')],
      ['carbon, location-based', rng(r.carbonG.location, 'gCO2e')],
      ['carbon, market-based', rng(r.carbonG.market, 'gCO2e')],
      ['water (on-site + off-site)', rng(r.waterMl, 'mL')],
      ['  on-site (cooling)', rng(r.waterOnsiteMl, 'mL')],
      ['  off-site (electricity)', rng(r.waterOffsiteMl, 'mL')],
      ['embodied carbon (beside)', rng(r.embodiedCarbonG, 'gCO2e')],
      ['inter-token latency', rng(e.timing.interTokenMs, 'ms')],
      ['replica throughput', rng(e.timing.replicaThroughputTokS, 'tok/s')],
      ['tokens per joule (generated)', finite(e.metrics.outputTokensPerJ) ? rng(e.metrics.outputTokensPerJ, 'tok/J') : '— (no energy to divide by)'],
      ['gCO2e per 1k tokens', rng(e.metrics.carbonGPer1kTokens, 'g')],
      ['SCI per request (E·I + M)', rng(e.metrics.sciGPerRequest, 'gCO2e')],
      ['FLOPs per output token', num(e.metrics.flopsPerOutputToken)],
      ['decode MFU', Number.isFinite(e.metrics.decodeMfu) ? `${(e.metrics.decodeMfu * 100).toFixed(1)} %` : '— (not modelled by this method)'],
    ]),
    ...facilityDefaults(e.trace, e.perRequest.gpuEnergyWh, 'Wh'),
    '',
    dim('Ranges come from the input ranges and the model error on measured data. Assumptions used:'),
    ...assumptions(e.trace),
  ];
  for (const w of e.warnings) lines.push(`warning: ${w}`);
  lines.push(dim('Run with --json for the full trace of every factor and its source.'));
  process.stdout.write(lines.join('\n') + '\n');
}

const finite = (r: { value: number; low: number; high: number }): boolean => Number.isFinite(r.value) && Number.isFinite(r.low) && Number.isFinite(r.high);

export function assumptions(trace: readonly Factor[]): string[] {
  return trace
    .filter((f) => f.assumed)
    .map((f) => {
      const v = f.low !== undefined && f.high !== undefined && f.low !== f.high ? `${num(f.value)} (${num(f.low)}–${num(f.high)})` : num(f.value);
      const why = f.note ?? f.source;
      return dim(`  · ${f.name} = ${v}${f.unit === '1' ? '' : ' ' + f.unit}  — ${why}`);
    });
}

/**
 * When the site's PUE or the host share is a default (operator unknown), say so beside the numbers, with the
 * GPU-only figure at PUE 1 that published GPU-only measurements report (ML.ENERGY, model cards), so the two can be
 * compared at a glance.
 */
export function facilityDefaults(trace: readonly Factor[], gpuOnly: Range | undefined, unit: string): string[] {
  const pue = trace.find((f) => f.name === 'pue');
  const host = trace.find((f) => f.name === 'hostPowerW' || f.name === 'hostWPerAccelerator');
  const util = trace.find((f) => f.name === 'hostUtilisation');
  const idle = trace.find((f) => f.name === 'idleShare');
  if (!pue?.assumed) return [];
  const parts: string[] = [];
  parts.push(`PUE ${num(pue.value)}${pue.low !== undefined && pue.high !== undefined ? ` (${num(pue.low)}–${num(pue.high)})` : ''}`);
  if (host) {
    const share = `host ${num(host.value)} W${host.name === 'hostPowerW' ? ' for the replica' : ' per accelerator'}`;
    parts.push(util ? `${share} × ${num(util.value)} utilisation` : share);
  }
  if (idle) parts.push(`idle share ${num(idle.value * 100)} %`);
  const lines = ['', `facility defaults assumed (operator unknown; --region or --pue replace them): ${parts.join(', ')}`];
  if (gpuOnly) lines.push(`GPU-only at PUE 1 (comparable with GPU-only published figures): ${rng(gpuOnly, unit)}`);
  return lines;
}
