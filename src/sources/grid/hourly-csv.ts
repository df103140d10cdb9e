/**
 * Hourly grid intensity from a CSV file (`tokenprint grid import`): columns `zone,timestamp,intensity,factor_type`
 * with intensity in gCO2e/kWh (location-based, average signal) and factor type `lifecycle` or `direct`. Each row
 * covers the hour starting at its timestamp (truncated to the hour, UTC). Bad rows are reported with their line.
 * Lines starting with `#` are comments (e.g. a note that the data are illustrative).
 */
import { readFileLinesSync } from './file-lines.js';
import { splitCsvLine } from '../usage/csv.js';
import { parseTimestamp, RecordError } from '../usage/normalize.js';
import { getZone } from '../../catalog/grid.js';
import { MAX_GRID_G_PER_KWH } from '../../core/input-checks.js';

const knownZone = (id: string): boolean => {
  try {
    getZone(id);
    return true;
  } catch {
    return false;
  }
};

export interface HourlyIntensity {
  readonly zone: string;
  /** Start of the hour, ms since the Unix epoch (UTC). */
  readonly hourMs: number;
  readonly gPerKWh: number;
  readonly factorType: 'lifecycle' | 'direct';
}

export interface HourlyParse {
  readonly rows: HourlyIntensity[];
  readonly rejects: { readonly line: number; readonly reason: string }[];
}

const HOUR_MS = 3_600_000;
const COLUMNS = ['zone', 'timestamp', 'intensity', 'factor_type'] as const;

export function parseHourlyCsv(text: string): HourlyParse {
  return parseHourlyLines(text.replace(/^\uFEFF/, '').split('\n'));
}

/** The table in `lines` (one pass: a file's lines stream through here without being held). */
export function parseHourlyLines(lines: Iterable<string>): HourlyParse {
  const rows: HourlyIntensity[] = [];
  const rejects: { line: number; reason: string }[] = [];
  let idx: Record<(typeof COLUMNS)[number], number> | undefined;
  let line = 0;
  for (const text of lines) {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim() === '' || t.startsWith('#')) continue; // blank lines and `#` comment lines (a file's provenance note)
    try {
      const cells = splitCsvLine(t).map((c) => c.trim());
      if (idx === undefined) {
        const h = cells.map((c) => c.toLowerCase());
        const pos = (n: string, ...alt: string[]) => [n, ...alt].map((x) => h.indexOf(x)).find((x) => x >= 0) ?? -1;
        const found = {
          zone: pos('zone'),
          timestamp: pos('timestamp', 'datetime', 'time'),
          intensity: pos('intensity', 'carbon_intensity', 'gco2e_per_kwh'),
          factor_type: pos('factor_type', 'factortype', 'basis'),
        };
        const missing = COLUMNS.filter((c) => found[c] < 0);
        if (missing.length) {
          rejects.push({ line, reason: `header lacks ${missing.join(', ')} (expected columns: ${COLUMNS.join(',')})` });
          return { rows, rejects };
        }
        idx = found;
        continue;
      }
      const zone = cells[idx.zone];
      if (!zone) throw new RecordError('zone: empty');
      if (!knownZone(zone)) throw new RecordError(`zone: '${zone}' is not a known grid zone (Electricity Maps ids such as FR, DE, US-CAL-CISO; see \`npx tokenprint catalog zones\`)`);
      const ms = parseTimestamp(cells[idx.timestamp]);
      const g = Number(cells[idx.intensity]);
      if (cells[idx.intensity] === '' || !Number.isFinite(g) || g < 0) throw new RecordError(`intensity: '${cells[idx.intensity]}' is not a number ≥ 0 (gCO2e/kWh)`);
      if (g > MAX_GRID_G_PER_KWH) throw new RecordError(`intensity: ${g} gCO2e/kWh is above any grid (≤ ${MAX_GRID_G_PER_KWH}); is the column in g/MWh or lb/MWh?`);
      const ft = (cells[idx.factor_type] ?? '').toLowerCase();
      if (ft !== 'lifecycle' && ft !== 'direct') throw new RecordError(`factor_type: '${ft}' is not lifecycle or direct`);
      rows.push({ zone: zone.toUpperCase(), hourMs: Math.floor(ms / HOUR_MS) * HOUR_MS, gPerKWh: g, factorType: ft });
    } catch (e) {
      if (e instanceof RecordError) rejects.push({ line, reason: e.message });
      else throw e;
    }
  }
  return { rows, rejects };
}

/** A `grid import` file, streamed line by line (a regular file only, each line capped). */
export async function readHourlyCsv(path: string): Promise<HourlyParse> {
  return parseHourlyLines(readFileLinesSync(path, 'grid file'));
}
