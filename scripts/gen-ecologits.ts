/**
 * Regenerates src/catalog/data/ecologits-<version>.ts from EcoLogits' own data files (`models.json`,
 * `electricity_mixes.csv`, as published in mlco2/ecologits `ecologits/data/`). Run from the repository root:
 *
 *   npx tsx scripts/gen-ecologits.ts [DIR]        (default DIR: ../shared/data/ecologits-0.9.3)
 *
 * The output is committed and reviewed; nothing is read from DIR at run time or in tests. The records keep
 * EcoLogits' own shapes (a dense model's `parameters` is a number or `{min, max}`; a MoE model's is
 * `{total, active}` with `active` a number or `{min, max}`), so the `ecologits` method reads them exactly as
 * EcoLogits' `model_repository` does. A new EcoLogits release is: put its two files in a folder named
 * `ecologits-<version>`, run this script with that folder, point src/catalog/ecologits-config.ts at the new module.
 *
 * Licence: the files are EcoLogits' (Mozilla Public License 2.0); the generated module is a file of its own and keeps
 * the MPL-2.0 notice (MPL-2.0 is file-level copyleft, so it does not extend to the rest of the project).
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'data', 'ecologits-0.9.3'));
const VERSION = /ecologits-(\d+\.\d+\.\d+)$/.exec(basename(DIR))?.[1] ?? fail(`folder name must be ecologits-<version>: ${DIR}`);
const OUT = join(ROOT, 'src', 'catalog', 'data', `ecologits-${VERSION}.ts`);

function fail(message: string): never {
  throw new Error(`gen-ecologits: ${message}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown, where: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) fail(`${where}: expected a number ≥ 0, got ${JSON.stringify(x)}`);
  return x;
}

function str(x: unknown, where: string): string {
  if (typeof x !== 'string' || x === '') fail(`${where}: expected a non-empty string, got ${JSON.stringify(x)}`);
  return x;
}

/** `n` or `{min, max}` with min ≤ max, rendered as TypeScript. */
function valueOrRange(x: unknown, where: string): string {
  if (typeof x === 'number') return String(num(x, where));
  if (isObject(x) && Object.keys(x).sort().join() === 'max,min') {
    const lo = num(x.min, `${where}.min`);
    const hi = num(x.max, `${where}.max`);
    if (lo > hi) fail(`${where}: min ${lo} > max ${hi}`);
    return `{ min: ${lo}, max: ${hi} }`;
  }
  return fail(`${where}: expected a number or {min, max}, got ${JSON.stringify(x)}`);
}

function parameters(type: string, p: unknown, where: string): string {
  if (type === 'dense') return valueOrRange(p, where);
  if (type === 'moe' && isObject(p) && Object.keys(p).sort().join() === 'active,total') {
    return `{ total: ${valueOrRange(p.total, `${where}.total`)}, active: ${valueOrRange(p.active, `${where}.active`)} }`;
  }
  return fail(`${where}: unexpected ${type} parameters ${JSON.stringify(p)}`);
}

function optNum(x: unknown, where: string): string {
  return x === null || x === undefined ? 'null' : String(num(x, where));
}

function strings(x: unknown, where: string): string {
  if (x === null || x === undefined) return '[]';
  if (!Array.isArray(x)) fail(`${where}: expected a list`);
  return `[${x.map((s, i) => JSON.stringify(str(s, `${where}[${i}]`))).join(', ')}]`;
}

function models(): { models: string[]; aliases: string[]; counts: Map<string, number> } {
  const raw: unknown = JSON.parse(readFileSync(join(DIR, 'models.json'), 'utf8'));
  if (!isObject(raw) || !Array.isArray(raw.models) || !Array.isArray(raw.aliases)) fail('models.json: expected {models: [], aliases: []}');
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  const out = raw.models.map((m: unknown, i: number) => {
    const w = `models.json models[${i}]`;
    if (!isObject(m) || m.type !== 'model' || !isObject(m.architecture) || !isObject(m.deployment)) fail(`${w}: unexpected record`);
    const provider = str(m.provider, `${w}.provider`);
    const name = str(m.name, `${w}.name`);
    const key = `${provider}/${name}`;
    if (seen.has(key)) fail(`${w}: duplicate ${key}`);
    seen.add(key);
    counts.set(provider, (counts.get(provider) ?? 0) + 1);
    const type = str(m.architecture.type, `${w}.architecture.type`);
    const tps = optNum(m.deployment.tps, `${w}.deployment.tps`);
    const ttft = optNum(m.deployment.ttft, `${w}.deployment.ttft`);
    if (tps === '0') fail(`${w}: tps 0`);
    return (
      `  { provider: ${JSON.stringify(provider)}, name: ${JSON.stringify(name)}, type: '${type}', ` +
      `parameters: ${parameters(type, m.architecture.parameters, `${w}.architecture.parameters`)}, ` +
      `tps: ${tps}, ttft: ${ttft}, warnings: ${strings(m.warnings, `${w}.warnings`)}, sources: ${strings(m.sources, `${w}.sources`)} },`
    );
  });
  const aliases = raw.aliases.map((a: unknown, i: number) => {
    const w = `models.json aliases[${i}]`;
    if (!isObject(a) || a.type !== 'alias') fail(`${w}: unexpected record`);
    const provider = str(a.provider, `${w}.provider`);
    // EcoLogits' Alias: \`name\` is the other spelling, \`alias\` the registered model it stands for.
    const name = str(a.name, `${w}.name`);
    const target = str(a.alias, `${w}.alias`);
    if (!seen.has(`${provider}/${target}`)) fail(`${w}: alias of unknown model ${provider}/${target}`);
    if (seen.has(`${provider}/${name}`)) fail(`${w}: alias ${name} is also a model`);
    return `  { provider: ${JSON.stringify(provider)}, name: ${JSON.stringify(name)}, alias: ${JSON.stringify(target)} },`;
  });
  return { models: out, aliases, counts };
}

function mixes(): string[] {
  const lines = readFileSync(join(DIR, 'electricity_mixes.csv'), 'utf8').trim().split(/\r?\n/);
  if (lines[0] !== 'name,adpe,pe,gwp,wue') fail(`electricity_mixes.csv: unexpected header ${lines[0]}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    const w = `electricity_mixes.csv:${i + 2}`;
    if (cells.length !== 5 || !/^[A-Z]{3}$/.test(cells[0] ?? '')) fail(`${w}: unexpected row ${line}`);
    const [zone, ...vals] = cells;
    const [adpe, pe, gwp, wue] = vals.map((v, j) => num(Number(v), `${w} column ${j + 2}`));
    return `  ${zone}: { adpe: ${adpe}, pe: ${pe}, gwp: ${gwp}, wue: ${wue} },`;
  });
}

function main(): void {
  if (!existsSync(join(DIR, 'models.json'))) fail(`no models.json in ${DIR}`);
  const readme = existsSync(join(DIR, 'README.md')) ? readFileSync(join(DIR, 'README.md'), 'utf8') : '';
  if (!/Mozilla Public License 2\.0/.test(readme)) fail(`${DIR}/README.md must state the licence (Mozilla Public License 2.0)`);
  const commit = /commit ([0-9a-f]{7,40})/.exec(readme)?.[1] ?? fail('README.md must name the EcoLogits commit');
  const date = /commit [0-9a-f]+, ([^,]+),/.exec(readme)?.[1] ?? '';
  const m = models();
  const mx = mixes();
  const perProvider = [...m.counts].map(([p, n]) => `${p} ${n}`).join(', ');
  const text = `// This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was
// not distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.
//
// Generated by scripts/gen-ecologits.ts from EcoLogits ${VERSION} (mlco2/ecologits, ecologits/data/models.json and
// ecologits/data/electricity_mixes.csv, commit ${commit}${date ? `, ${date}` : ''}). Do not edit by hand: rerun the script.
// The data are EcoLogits' (MPL-2.0); this file is kept apart from tokenprint's own code and used by the \`ecologits\`
// method only. Sources per model are EcoLogits' own; mixes: GWP Our World in Data, ADPe/PE ADEME Base Empreinte,
// WUE (off-site water of electricity) WRI, as EcoLogits documents them.

/** \`n\` billion parameters, or EcoLogits' RangeValue \`{min, max}\`. */
export type EcologitsValueOrRange = number | { readonly min: number; readonly max: number };

/** One entry of EcoLogits' model repository, in its own shape. */
export interface EcologitsModelRecord {
  /** EcoLogits provider: openai, anthropic, mistralai, google_genai, cohere, huggingface_hub. */
  readonly provider: string;
  readonly name: string;
  readonly type: 'dense' | 'moe';
  /** Billions. Dense: the parameter count; MoE: total and active. */
  readonly parameters: EcologitsValueOrRange | { readonly total: EcologitsValueOrRange; readonly active: EcologitsValueOrRange };
  /** Deployment speed (OpenRouter statistics): output tokens per second and time to first token, s; null = none. */
  readonly tps: number | null;
  readonly ttft: number | null;
  readonly warnings: readonly string[];
  readonly sources: readonly string[];
}

export interface EcologitsAliasRecord {
  readonly provider: string;
  /** The other spelling a request may carry. */
  readonly name: string;
  /** The registered model it stands for (a name in ECOLOGITS_MODELS). */
  readonly alias: string;
}

/** Impact factors of one zone's electricity: ADPe kgSbeq/kWh, PE MJ/kWh, GWP kgCO2e/kWh, WUE (off-site) L/kWh. */
export interface EcologitsMixRecord {
  readonly adpe: number;
  readonly pe: number;
  readonly gwp: number;
  readonly wue: number;
}

export const ECOLOGITS_DATA_VERSION = '${VERSION}';
export const ECOLOGITS_DATA_SOURCE = 'EcoLogits ${VERSION} data (mlco2/ecologits ecologits/data/, commit ${commit}${date ? `, ${date}` : ''}; MPL-2.0)';

/** ${m.models.length} models (${perProvider}). */
export const ECOLOGITS_MODELS: readonly EcologitsModelRecord[] = [
${m.models.join('\n')}
];

/** ${m.aliases.length} aliases. */
export const ECOLOGITS_ALIASES: readonly EcologitsAliasRecord[] = [
${m.aliases.join('\n')}
];

/** ${mx.length} zones: ISO 3166-1 alpha-3 codes and WOR (world). */
export const ECOLOGITS_MIXES: Readonly<Record<string, EcologitsMixRecord>> = {
${mx.join('\n')}
};
`;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}: ${m.models.length} models, ${m.aliases.length} aliases, ${mx.length} zones\n`);
}

main();
