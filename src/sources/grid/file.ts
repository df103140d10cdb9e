/**
 * File adapter: hourly (or any-interval) intensity values from a CSV or JSON file the user supplies — an
 * Electricity Maps Data Portal export, a Carbon Aware SDK JSON data file, or a plain table. The file states one
 * signal; the caller says which (`average` unless told otherwise), because a file cannot be trusted to.
 *
 * CSV: a header row; columns found by name (case-insensitive):
 *   time      `datetime` | `datetime (utc)` | `time` | `timestamp` | `start`
 *   zone      `zone` | `zone id` | `location` | `region`   (optional when the file holds one zone)
 *   value     `gco2e_per_kwh` | `carbon_intensity` | `value` | `rating` | `carbon intensity gco₂eq/kwh (life cycle)` |
 *             `… (direct)`   (life-cycle preferred when both are present)
 *   duration  `duration_minutes` (optional; else the spacing of the points, else 60 min)
 * JSON: `[{ zone|location, datetime|time|timestamp, value|rating|carbonIntensity, durationMinutes? }]`, or the Carbon
 *   Aware SDK file `{ Emissions: [{ Location, Time, Rating, Duration: "hh:mm:ss" }] }`.
 */
import { InvalidInputError } from '../../core/errors.js';
import { checkRegularFile, readCappedText } from '../capped-file.js';
import { readFileLinesSync } from './file-lines.js';
import { isRecord } from './http.js';
import { type FactorBasis, type GridSeries, type GridSignalSource, type IntensityPoint, type SignalKind, makeSeries } from './signal.js';

export interface FileRow {
  readonly zone?: string;
  readonly startMs: number;
  readonly gPerKWh: number;
  readonly durationS?: number;
}

export interface ParsedIntensityFile {
  readonly rows: readonly FileRow[];
  readonly basis: FactorBasis;
}

function splitCsvLine(line: string): string[] {
  // Most lines quote nothing: split them directly (the character loop below costs ≈ 5× more on a year of data).
  if (!line.includes('"')) return line.split(',').map((s) => s.trim());
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const TIME = /^(datetime( \(utc\))?|time|timestamp|start)$/;
const ZONE = /^(zone|zone id|location|region)$/;
const VALUE = /^(gco2e_per_kwh|carbon_intensity|value|rating|intensity)$/;
const LCA = /carbon intensity.*(life ?cycle)/;
const DIRECT = /carbon intensity.*direct/;
const DURATION = /^duration_minutes$/;

/** A header line for an error message: never raw binary on the terminal. */
function shownHeader(raw: string, cells: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(raw)) return `no text header (the file looks binary: ${raw.length} bytes on line 1)`;
  const text = cells.join(', ');
  return text.length > 200 ? `${text.slice(0, 200)} (${text.length - 200} more characters)` : text;
}

export function parseIntensityCsv(text: string, file: string, o: { maxRows?: number } = {}): ParsedIntensityFile {
  return parseIntensityLines(text.split(/\r?\n/), file, o);
}

/** Most rows kept from one grid file: a year of hourly data for 1,000 zones (≈ 80 bytes each in memory). */
export const MAX_GRID_ROWS = 10_000_000;

/** The CSV table in `lines` (one pass: a file's lines stream through here without being held). */
export function parseIntensityLines(lines: Iterable<string>, file: string, o: { maxRows?: number } = {}): ParsedIntensityFile {
  const maxRows = o.maxRows ?? MAX_GRID_ROWS;
  const it = lines[Symbol.iterator]();
  // `#` comment lines before the header (a provenance note) are skipped; line numbers count them.
  let h0 = 0;
  let headLine = '';
  for (let r = it.next(); ; r = it.next()) {
    if (r.done) break;
    if (!r.value.startsWith('#')) {
      headLine = r.value;
      break;
    }
    h0++;
  }
  const header = splitCsvLine(headLine).map((h) => h.toLowerCase());
  const ti = header.findIndex((h) => TIME.test(h));
  const zi = header.findIndex((h) => ZONE.test(h));
  const lca = header.findIndex((h) => LCA.test(h));
  const dir = header.findIndex((h) => DIRECT.test(h));
  const plain = header.findIndex((h) => VALUE.test(h));
  const vi = plain >= 0 ? plain : lca >= 0 ? lca : dir;
  const di = header.findIndex((h) => DURATION.test(h));
  if (ti < 0 || vi < 0) {
    throw new InvalidInputError(
      `${file}:${h0 + 1}`,
      `needs a time column (datetime|time|timestamp) and a value column (gco2e_per_kwh|value|carbon intensity … (life cycle)); found: ${shownHeader(headLine, header)}`,
    );
  }
  const fi = header.findIndex((h) => /^(factor_type|factortype|basis)$/.test(h));
  let basis: FactorBasis = vi === lca ? 'lifecycle' : vi === dir ? 'direct' : 'unknown';
  const declared = new Set<string>();
  const rows: FileRow[] = [];
  let i = h0;
  for (let r = it.next(); !r.done; r = it.next()) {
    i++;
    const text = r.value;
    if (text.trim() === '') continue;
    const cells = splitCsvLine(text);
    const at = `${file}:${i + 1}`;
    const startMs = Date.parse(cells[ti] ?? '');
    if (!Number.isFinite(startMs)) throw new InvalidInputError(at, `'${cells[ti]}' is not an ISO-8601 time`);
    const raw = cells[vi] ?? '';
    if (raw === '') continue; // an empty value is a hole in the data: it shows as a gap
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) throw new InvalidInputError(at, `intensity '${raw}' is not a number ≥ 0 (gCO2e/kWh)`);
    const d = di >= 0 && cells[di] !== '' ? Number(cells[di]) * 60 : undefined;
    if (d !== undefined && !(d > 0)) throw new InvalidInputError(at, `duration_minutes '${cells[di]}' must be > 0`);
    if (rows.length === maxRows) throw new InvalidInputError(at, `more than ${maxRows.toLocaleString('en-US')} rows: refused (split the file by zone or by year)`);
    rows.push({ zone: zi >= 0 ? cells[zi] : undefined, startMs, gPerKWh: v, durationS: d });
    if (fi >= 0) declared.add((cells[fi] ?? '').trim().toLowerCase());
  }
  // A factor_type column (as `grid import` files have) states the basis when every row agrees on it.
  const only = declared.size === 1 ? [...declared][0] : undefined;
  if (basis === 'unknown' && (only === 'lifecycle' || only === 'direct')) basis = only;
  return { rows, basis };
}

/** "01:00:00" / "00:05" → seconds (Carbon Aware SDK files write TimeSpans). */
function timeSpanS(s: string): number | undefined {
  const m = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : undefined;
}

export function parseIntensityJson(text: string, file: string): ParsedIntensityFile {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(file, `is not valid JSON: ${(e as Error).message}`);
  }
  const items = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.Emissions) ? body.Emissions : undefined;
  if (!items) throw new InvalidInputError(file, 'expected an array of points or a Carbon Aware SDK file { Emissions: [...] }');
  const rows = items.map((it: unknown, i: number): FileRow => {
    const at = `${file}: item ${i}`;
    if (!isRecord(it)) throw new InvalidInputError(at, 'is not an object');
    const time = it.datetime ?? it.time ?? it.timestamp ?? it.Time;
    const value = it.value ?? it.rating ?? it.carbonIntensity ?? it.Rating;
    const zone = it.zone ?? it.location ?? it.Location;
    if (typeof time !== 'string' || !Number.isFinite(Date.parse(time))) throw new InvalidInputError(at, 'needs an ISO-8601 datetime');
    if (typeof value !== 'number' || !(value >= 0)) throw new InvalidInputError(at, 'needs a numeric value ≥ 0 (gCO2e/kWh)');
    const dur =
      typeof it.durationMinutes === 'number'
        ? it.durationMinutes * 60
        : typeof it.Duration === 'string'
          ? timeSpanS(it.Duration)
          : undefined;
    return { zone: typeof zone === 'string' ? zone : undefined, startMs: Date.parse(time), gPerKWh: value, durationS: dur };
  });
  return { rows, basis: 'unknown' };
}

/** Largest JSON grid file (parsed whole; a CSV file is streamed line by line instead). */
export const MAX_GRID_FILE_BYTES = 256 << 20;

/**
 * A grid file: JSON (by extension, or a first character `[` or `{`) is read whole within MAX_GRID_FILE_BYTES; CSV
 * is streamed line by line (each line capped, rows capped by MAX_GRID_ROWS), so a year of hourly data for many zones
 * never sits in memory as text.
 */
export function readIntensityFile(path: string, o: { maxRows?: number } = {}): ParsedIntensityFile {
  checkRegularFile(path, 'grid file', Number.MAX_SAFE_INTEGER);
  if (/\.json$/i.test(path) || looksLikeJson(path)) return parseIntensityJson(readCappedText(path, 'grid file', MAX_GRID_FILE_BYTES), path);
  return parseIntensityLines(readFileLinesSync(path, 'grid file'), path, o);
}

/** Whether the first non-blank character of the file opens a JSON array or object. */
function looksLikeJson(path: string): boolean {
  for (const line of readFileLinesSync(path, 'grid file')) {
    const t = line.trimStart();
    if (t !== '') return t.startsWith('[') || t.startsWith('{');
  }
  return false;
}

/** Rows of each zone (upper-cased), and those without a zone (they belong to every zone); built once per file. */
const byZoneCache = new WeakMap<ParsedIntensityFile, { zones: Map<string, FileRow[]>; anyZone: FileRow[]; names: string[] }>();

function rowsByZone(parsed: ParsedIntensityFile) {
  let c = byZoneCache.get(parsed);
  if (c === undefined) {
    const zones = new Map<string, FileRow[]>();
    const anyZone: FileRow[] = [];
    const names = new Set<string>();
    for (const r of parsed.rows) {
      if (r.zone === undefined) {
        anyZone.push(r);
        continue;
      }
      names.add(r.zone);
      const k = r.zone.toUpperCase();
      let list = zones.get(k);
      if (list === undefined) zones.set(k, (list = []));
      list.push(r);
    }
    c = { zones, anyZone, names: [...names] };
    byZoneCache.set(parsed, c);
  }
  return c;
}

/** Points of one zone; durations from the row, else the smallest spacing between points, else one hour. */
export function pointsForZone(parsed: ParsedIntensityFile, zone: string): IntensityPoint[] {
  const byZone = rowsByZone(parsed);
  const own = byZone.zones.get(zone.toUpperCase()) ?? [];
  const rows = byZone.anyZone.length === 0 ? own : own.length === 0 ? byZone.anyZone : parsed.rows.filter((r) => r.zone === undefined || r.zone.toUpperCase() === zone.toUpperCase());
  const zones = byZone.names;
  if (zones.length > 0 && !rows.length) {
    throw new InvalidInputError('zones', `the grid file has no rows for '${zone}'; it has ${zones.slice(0, 10).join(', ')}`);
  }
  const starts = [...new Set(rows.map((r) => r.startMs))].sort((a, b) => a - b);
  let spacing = Infinity;
  for (let i = 1; i < starts.length; i++) spacing = Math.min(spacing, starts[i] - starts[i - 1]);
  const defaultS = Number.isFinite(spacing) ? spacing / 1000 : 3600;
  return rows.map((r) => ({ startMs: r.startMs, durationS: r.durationS ?? defaultS, gPerKWh: r.gPerKWh, estimated: false }));
}

export function fileSource<S extends SignalKind>(path: string, signal: S): GridSignalSource<S> {
  let parsed: ParsedIntensityFile | undefined;
  const load = (): ParsedIntensityFile => (parsed ??= readIntensityFile(path));
  const series = (zone: string, kind: 'history' | 'forecast', fromMs?: number, toMs?: number): GridSeries<S> => {
    const p = load();
    return makeSeries({ zone, signal, basis: p.basis, kind, source: `file ${path} (${signal}, as declared by the user)` }, pointsForZone(p, zone), fromMs, toMs);
  };
  return {
    id: 'file',
    signal,
    history: async (zone, fromMs, toMs) => series(zone, 'history', fromMs, toMs),
    forecast: async (zone, fromMs, toMs) => series(zone, 'forecast', fromMs, toMs),
  };
}
