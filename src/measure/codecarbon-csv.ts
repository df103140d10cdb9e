/**
 * Rows compatible with CodeCarbon's `emissions.csv`, so dashboards built for CodeCarbon read tokenprint
 * measurements. Column names and units follow CodeCarbon's `EmissionsData` (`codecarbon/output_methods/
 * emissions_data.py`) and docs/reference/output.md: duration s, emissions kg CO2eq, emissions_rate kg/s, powers W
 * (means), energies kWh, water L. Columns CodeCarbon has and we do not fill (python_version, longitude, latitude,
 * utilisation percentages) are left empty. tokenprint adds its own columns after CodeCarbon's (market-based
 * emissions, energy bounds, sources); CSV readers that select columns by name ignore them.
 */
import { existsSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { InvalidInputError } from '../core/errors.js';
import { J_PER_KWH } from '../core/impacts.js';
import { VERSION } from '../version.js';
import type { MeasurementResult } from './tracker.js';

export const CODECARBON_COLUMNS = [
  'timestamp',
  'project_name',
  'run_id',
  'experiment_id',
  'duration',
  'emissions',
  'emissions_rate',
  'cpu_power',
  'gpu_power',
  'ram_power',
  'cpu_energy',
  'gpu_energy',
  'ram_energy',
  'energy_consumed',
  'water_consumed',
  'country_name',
  'country_iso_code',
  'region',
  'cloud_provider',
  'cloud_region',
  'os',
  'python_version',
  'codecarbon_version',
  'cpu_count',
  'cpu_model',
  'gpu_count',
  'gpu_model',
  'longitude',
  'latitude',
  'ram_total_size',
  'tracking_mode',
  'cpu_utilization_percent',
  'gpu_utilization_percent',
  'ram_utilization_percent',
  'ram_used_gb',
  'on_cloud',
  'pue',
  'wue',
] as const;

export const TOKENPRINT_COLUMNS = [
  'emissions_market',
  'energy_consumed_low',
  'energy_consumed_high',
  'gpu_source',
  'cpu_source',
  'ram_source',
  'tokenprint_version',
] as const;

export const CSV_COLUMNS = [...CODECARBON_COLUMNS, ...TOKENPRINT_COLUMNS];

export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number>;

const kwh = (j: number): number => j / J_PER_KWH;

export function toCodeCarbonRow(r: MeasurementResult, experimentId = ''): CsvRow {
  const emissionsKg = r.carbonG.location.value / 1000;
  const cloud = r.site.region?.split(':');
  const sourceOf = (c: 'gpu' | 'cpu' | 'ram'): string => {
    const d = r.sources.find((s) => s.component === c && s.used);
    return d ? `${d.name} (${d.precision.kind})` : 'none';
  };
  return {
    timestamp: r.endedAt.slice(0, 19),
    project_name: r.projectName,
    run_id: r.runId,
    experiment_id: experimentId,
    duration: r.durationS,
    emissions: emissionsKg,
    emissions_rate: r.durationS > 0 ? emissionsKg / r.durationS : 0,
    cpu_power: r.meanPowerW.cpu,
    gpu_power: r.meanPowerW.gpu,
    ram_power: r.meanPowerW.ram,
    // CodeCarbon multiplies each component's energy by `pue` as it measures (codecarbon/core/measure.py,
    // MeasurePowerEnergy.do_measure) and energy_consumed is their sum; we do the same, so the columns add up.
    cpu_energy: kwh(r.energyJ.cpu.value * r.site.pue),
    gpu_energy: kwh(r.energyJ.gpu.value * r.site.pue),
    ram_energy: kwh(r.energyJ.ram.value * r.site.pue),
    energy_consumed: kwh(r.facilityEnergyJ.value),
    water_consumed: r.waterL.value,
    country_name: r.site.zoneName,
    country_iso_code: r.site.zone,
    region: r.site.region ?? r.site.zone,
    cloud_provider: cloud?.[0] ?? '',
    cloud_region: cloud?.[1] ?? '',
    os: r.host.os,
    python_version: '',
    codecarbon_version: `tokenprint-${VERSION}`,
    cpu_count: r.host.cpuCount,
    cpu_model: r.host.cpuModel,
    gpu_count: r.host.gpuCount,
    gpu_model: r.host.gpuModel,
    longitude: '',
    latitude: '',
    ram_total_size: Number(r.host.ramTotalGB.toFixed(3)),
    tracking_mode: 'machine',
    cpu_utilization_percent: '',
    gpu_utilization_percent: '',
    ram_utilization_percent: '',
    ram_used_gb: '',
    on_cloud: cloud ? 'Y' : 'N',
    pue: r.site.pue,
    wue: r.site.wueOnsiteLPerKWh,
    emissions_market: r.carbonG.market.value / 1000,
    energy_consumed_low: kwh(r.facilityEnergyJ.low),
    energy_consumed_high: kwh(r.facilityEnergyJ.high),
    gpu_source: sourceOf('gpu'),
    cpu_source: sourceOf('cpu'),
    ram_source: sourceOf('ram'),
    tokenprint_version: VERSION,
  };
}

/** RFC 4180 quoting: a field with a comma, quote or newline is quoted, quotes doubled. */
export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

export function csvLine(row: CsvRow): string {
  return CSV_COLUMNS.map((c) => csvField(row[c])).join(',');
}

/**
 * Appends one row to `path`, writing the header when the file is new or empty. An existing file with another
 * header is left alone (CodeCarbon would back it up and start over; we refuse rather than mix schemas).
 */
export function appendCodeCarbonCsv(path: string, r: MeasurementResult): void {
  const line = csvLine(toCodeCarbonRow(r)) + '\n';
  if (checkCodeCarbonCsv(path) === 'new') writeFileSync(path, csvHeader() + '\n' + line);
  else appendFileSync(path, line);
}

/**
 * Whether `path` can take our rows: `new` (missing or empty: the header will be written) or `append` (same
 * header). Throws when it holds another header, so a caller can check before a long run rather than after it.
 */
export function checkCodeCarbonCsv(path: string): 'new' | 'append' {
  if (!existsSync(path)) return 'new';
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return 'new';
  if (text.split(/\r?\n/, 1)[0] !== csvHeader()) {
    throw new InvalidInputError('--out', `${path} already holds a CSV with other columns; write to a new file or move it aside`);
  }
  return 'append';
}
