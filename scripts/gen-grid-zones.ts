/**
 * Regenerates src/catalog/data/grid-zones.ts from the Electricity Maps yearly data that @tgwf/co2 (co2.js) ships.
 * Run from the repository root: `npx tsx scripts/gen-grid-zones.ts`. The output is committed and reviewed; nothing is
 * fetched at run time.
 *
 * Why these choices:
 * - Factor type: co2.js's generator (data/functions/generate_electricity_maps_data.js) calls the Electricity Maps v3
 *   `carbon-intensity/past?temporalGranularity=yearly` endpoint without `emissionFactorType`, and the API's default
 *   is `lifecycle` (LCA). The files hold that one `carbonIntensity` field and no direct figure, so every zone is
 *   labelled `lifecycle`. `assertLifecycle` checks the data agrees: direct factors of hydro, nuclear, wind and solar
 *   are zero, so a direct-basis zone at ~100 % carbon-free energy would sit near 0 g/kWh.
 * - Licence: the co2.js README states the Electricity Maps yearly data is republished under the ODbL. The script
 *   refuses to run if that statement or the expected package version is gone, so an upgrade forces a new review.
 * - Year: the latest year with a value, per zone.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG_DIR = join(ROOT, 'node_modules', '@tgwf', 'co2');
const OUT = join(ROOT, 'src', 'catalog', 'data', 'grid-zones.ts');
const EXPECTED_VERSION = '0.19.0';
const LICENCE = 'ODbL-1.0 (Electricity Maps data republished by co2.js; attribute Electricity Maps, share-alike)';

interface ZoneRecord {
  readonly id: string;
  readonly name: string;
  readonly intensityGPerKWh: number;
  readonly year: number;
  readonly carbonFreePct?: number;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(message: string): never {
  throw new Error(`gen-grid-zones: ${message}`);
}

function checkPackage(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
  const version = isObject(pkg) && typeof pkg.version === 'string' ? pkg.version : fail('no version in package.json');
  if (version !== EXPECTED_VERSION) {
    fail(`@tgwf/co2 is ${version}, expected ${EXPECTED_VERSION}: re-check data type and licence, then update`);
  }
  const readme = readFileSync(join(PKG_DIR, 'README.md'), 'utf8');
  if (!/Electricity Maps[^\n]*Open Database License \(ODbL\)/.test(readme)) {
    fail('co2.js README no longer states the ODbL for the Electricity Maps data: re-check the licence');
  }
  return version;
}

function zoneName(zone: unknown, id: string): string {
  if (!isObject(zone) || typeof zone.zoneName !== 'string') fail(`zone ${id} has no zoneName`);
  const country = typeof zone.countryName === 'string' ? zone.countryName : undefined;
  return country && !zone.zoneName.includes(country) ? `${zone.zoneName}, ${country}` : zone.zoneName;
}

/** `{ value, unit }` → value, when it is a finite number in the expected unit. */
function quantity(x: unknown, unit: string): number | undefined {
  if (!isObject(x) || typeof x.value !== 'number' || !Number.isFinite(x.value)) return undefined;
  if (x.unit !== unit) fail(`unexpected unit ${String(x.unit)} (expected ${unit})`);
  return x.value;
}

/** Latest year with a carbon-intensity value, per zone. */
function collect(mod: unknown): ZoneRecord[] {
  const root = isObject(mod) && isObject(mod.default) ? mod.default : fail('unexpected module shape');
  const years = Object.keys(root)
    .map((k) => /^yearly(\d{4})$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  if (years.length === 0) fail('no yearlyNNNN datasets found');

  const out = new Map<string, ZoneRecord>();
  for (const year of years) {
    const dataset = root[`yearly${year}`];
    const data = isObject(dataset) && isObject(dataset.data) ? dataset.data : fail(`yearly${year} has no data`);
    for (const [id, entry] of Object.entries(data)) {
      if (out.has(id) || !isObject(entry)) continue;
      const intensity = quantity(entry.carbonIntensity, 'gCO2eq/kWh');
      if (intensity === undefined) continue;
      if (intensity < 0) fail(`negative intensity for ${id} in ${year}`);
      const carbonFreePct = quantity(entry.carbonFreeEnergy, '%');
      out.set(id, { id, name: zoneName(entry.zone, id), intensityGPerKWh: intensity, year, carbonFreePct });
    }
  }
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Direct emission factors of hydro, nuclear, wind and solar are zero (GHG Protocol Scope 2 basis); lifecycle ones are
 * ~10–50 g/kWh. Zones at ≥ 99 % carbon-free energy therefore tell the two apart.
 */
function assertLifecycle(zones: readonly ZoneRecord[]): void {
  const clean = zones.filter((z) => (z.carbonFreePct ?? 0) >= 99);
  if (clean.length < 5) fail('too few ~100 % carbon-free zones to check the factor type');
  const median = clean.map((z) => z.intensityGPerKWh).sort((a, b) => a - b)[Math.floor(clean.length / 2)];
  if (median < 10) fail(`median intensity of ~100 % carbon-free zones is ${median} g/kWh: looks direct, not lifecycle`);
}

/** A single-quoted TypeScript string literal (the house style). */
function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function render(zones: readonly ZoneRecord[], version: string): string {
  const years = [...new Set(zones.map((z) => z.year))].sort();
  const sourceConst = (y: number): string => `SOURCE_${y}`;
  const lines = zones.map(
    (z) =>
      `  { id: ${q(z.id)}, name: ${q(z.name)}, intensityGPerKWh: ${z.intensityGPerKWh}, ` +
      `factorType, year: ${z.year}, source: ${sourceConst(z.year)}, licence },`,
  );
  return [
    '// Generated by scripts/gen-grid-zones.ts from @tgwf/co2. Do not edit by hand: rerun the script.',
    '// Data: Electricity Maps (https://www.electricitymaps.com), yearly average carbon intensity of consumed',
    '// electricity, life-cycle basis, flow-traced. Licensed under the Open Database License (ODbL 1.0):',
    '// https://opendatacommons.org/licenses/odbl/1-0/. Attribution: "Electricity Maps". This database is kept',
    '// apart from the Apache-2.0 code, and changes to it are shared under the same licence.',
    "import type { GridZone } from '../types.js';",
    '',
    "const factorType = 'lifecycle';",
    `const licence = ${q(LICENCE)};`,
    ...years.map(
      (y) => `const ${sourceConst(y)} = ${q(`Electricity Maps yearly data ${y}, via @tgwf/co2 v${version}`)};`,
    ),
    '',
    `/** ${zones.length} Electricity Maps zones, latest year available in @tgwf/co2 v${version}. */`,
    'export const GRID_ZONES: readonly GridZone[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const version = checkPackage();
  // A computed specifier: the package ships no type declarations, so the module is validated as `unknown` above.
  const specifier = '@tgwf/co2/data/electricity-maps';
  const mod: unknown = await import(specifier);
  const zones = collect(mod);
  assertLifecycle(zones);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, render(zones, version));
  const years = [...new Set(zones.map((z) => z.year))].join(', ');
  process.stdout.write(`wrote ${zones.length} zones (years: ${years}) to ${OUT}\n`);
}

await main();
