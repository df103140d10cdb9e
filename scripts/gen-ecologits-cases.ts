/**
 * Writes test/fixtures/ecologits-0.9.3-cases.json: reference cases for the `ecologits` method, computed by the
 * independent reference (scripts/lib/ecologits-reference.ts) from EcoLogits' raw data files — not from the generated
 * module the product reads. Run from the repository root:
 *
 *   npx tsx scripts/gen-ecologits-cases.ts [DIR]        (default DIR: ../shared/data/ecologits-0.9.3)
 *
 * Cases: every provider, a spread of models (all of some providers, every n-th of the large ones), output tokens
 * 0…12,000, latency not given / 0 / capping / not capping, default zone, WOR and other zones, aliases, and the two
 * error kinds. The choice is deterministic (a fixed-seed generator), so a rerun writes the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReferenceCase, type ReferenceData, bounds, parseMixesCsv, parseModelsJson, referenceLlmImpacts } from './lib/ecologits-reference.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'data', 'ecologits-0.9.3'));
const OUT = join(ROOT, 'test', 'fixtures', 'ecologits-0.9.3-cases.json');

const models = parseModelsJson(JSON.parse(readFileSync(join(DIR, 'models.json'), 'utf8')));
const data: ReferenceData = { ...models, mixes: parseMixesCsv(readFileSync(join(DIR, 'electricity_mixes.csv'), 'utf8')) };

/** Park–Miller minimal standard generator: reproducible picks without a dependency. */
let seed = 20260313;
function pick<T>(xs: readonly T[]): T {
  seed = (seed * 48271) % 2147483647;
  return xs[seed % xs.length];
}

const TOKENS = [0, 1, 7, 50, 128, 500, 1000, 4000, 12000];
const LATENCIES: readonly (number | null)[] = [null, null, null, 0, 0.25, 1.5, 5, 30, 120];
const ZONES: readonly (string | null)[] = [null, null, null, 'WOR', ...Object.keys(data.mixes)];
/** Every n-th model of each provider (1 = all). */
const STRIDE: Readonly<Record<string, number>> = { anthropic: 1, cohere: 1, google_genai: 1, mistralai: 2, openai: 2, huggingface_hub: 6 };

const cases: ReferenceCase[] = [];
function add(provider: string, model: string, outputTokens: number, latencyS: number | null, zone: string | null): void {
  const r = referenceLlmImpacts(data, provider, model, outputTokens, latencyS, zone);
  const expected = typeof r === 'string' ? r : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, bounds(v)]));
  cases.push({ provider, model, outputTokens, latencyS, zone, expected });
}

const byProvider = new Map<string, string[]>();
for (const m of data.models) byProvider.set(m.provider, [...(byProvider.get(m.provider) ?? []), m.name]);
for (const [provider, names] of byProvider) {
  const stride = STRIDE[provider] ?? 1;
  names.forEach((name, i) => {
    if (i % stride !== 0) return;
    for (let k = 0; k < 2; k++) add(provider, name, pick(TOKENS), pick(LATENCIES), pick(ZONES));
  });
}
// Aliases resolve to their model.
for (const a of data.aliases) add(a.provider, a.name, pick(TOKENS.slice(1)), pick(LATENCIES), pick(ZONES));
// Models without a deployment speed (f_L regression) with ranged parameters, latency between the two runs' ΔT.
for (const m of data.models.filter((x) => x.tps === null && typeof x.parameters === 'object')) {
  for (const lat of [null, 0, 2, 20]) add(m.provider, m.name, 500, lat, null);
}
// Errors EcoLogits reports instead of numbers.
add('openai', 'gpt-9-ultra', 100, null, null);
add('anthropic', 'claude-3-5-sonnet-20241022', 100, null, null);
add('openai', 'gpt-4o', 100, null, 'XYZ');

const note =
  'Reference cases for EcoLogits 0.9.3 llm_impacts, by scripts/gen-ecologits-cases.ts from EcoLogits data ' +
  '(mlco2/ecologits @ 5be90da, MPL-2.0). Units: kWh, kgCO2e, kgSbeq, MJ, L; latencyS null = not measured; zone null = provider default.';
// One case per line: reviewable diffs when a release changes a few models.
writeFileSync(OUT, `{"note": ${JSON.stringify(note)},\n"cases": [\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
process.stdout.write(`wrote ${OUT}: ${cases.length} cases\n`);
