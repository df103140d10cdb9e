/**
 * Ledger ingestion benchmarks (issue 3):
 *  1. end-to-end ingest of N JSONL events into DuckDB vs a parse-only baseline (read lines + JSON.parse) in the
 *     same run: events/s and the ratio (target ≥ 250k events/s);
 *  2. peak RSS of the ingesting process at two sizes (target ≤ 300 MB both: memory flat in input size);
 *  3. side by side with the Impact Framework (@grnsft/if) on the same records with an equivalent manifest
 *     (per-token factors → energy → carbon and water): totals agree to 1e-9 relative; speed and memory ratios.
 * Sizes: TOKENPRINT_BENCH_EVENTS (default 1,000,000), TOKENPRINT_BENCH_RSS_SIZES (default "1000000,5000000"),
 * TOKENPRINT_BENCH_IF_SIZES (default "10000,100000"). Quick run: TOKENPRINT_BENCH_EVENTS=100000
 * TOKENPRINT_BENCH_RSS_SIZES=100000,300000 TOKENPRINT_BENCH_IF_SIZES=2000 npm run bench -- ingest
 * Node/V8 flags for the ingest, write and parse children (not if-run): TOKENPRINT_BENCH_NODE_FLAGS, e.g.
 * "--optimize-for-size" (memory vs speed) or "--cpu-prof --cpu-prof-dir=/tmp/prof" (where the time goes); the
 * flags are printed with the results.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { stringify, parse } from 'yaml';
import { generateSample, SAMPLE_CONFIG } from '../src/ledger/sample.js';
import { parseConfig } from '../src/ledger/config.js';
import { exportFactors, factorsCsv, type FactorRow } from '../src/ledger/report/warehouse-factors.js';

const ROOT = resolve(import.meta.dirname, '..');
const CHILD = join(ROOT, 'bench', 'ingest-child.ts');
const IF_RUN = join(ROOT, 'node_modules', '@grnsft', 'if', 'build', 'if-run', 'index.js');

const sizes = (v: string | undefined, d: number[]) => (v ? v.split(',').map((x) => Number(x.trim())).filter((x) => x > 0) : d);

function writeEvents(path: string, n: number, clean: boolean): void {
  const fd = openSync(path, 'w');
  let buf: string[] = [];
  generateSample(
    (l) => {
      buf.push(l);
      if (buf.length === 20_000) {
        writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    },
    { events: n, seed: 11, ...(clean ? { badShare: 0, duplicateShare: 0 } : {}) },
  );
  if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  // On disk before anything is timed: the kernel's writeback of a fresh 240 MB file would otherwise compete with the
  // ledger's own writes during the timed ingest.
  fsyncSync(fd);
  closeSync(fd);
}

interface Agg {
  energy: number;
  carbon: number;
  water: number;
}

interface ChildOut {
  records: number;
  seconds: number;
  maxRssMB: number;
  energyKWh?: number;
  carbonG?: number;
  waterL?: number;
}

/**
 * How the child runs: as plain JavaScript against the built `dist/` (what an installed tokenprint runs: no tsx
 * loader in the measured memory and time), after `npm run build`; under tsx if the build fails (noted in the output).
 */
let childCmd: string[] | undefined;
const notes: string[] = [];

function prepareChild(dir: string): string[] {
  if (childCmd) return childCmd;
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (build.status === 0) {
    // The child is one small file: transpile it and point its imports at dist/.
    const js = ts.transpileModule(readFileSync(CHILD, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const out = join(dir, 'ingest-child.mjs');
    writeFileSync(out, js.replaceAll("'../src/", `'${pathToFileURL(join(ROOT, 'dist')).href}/`).replaceAll("from '@duckdb/node-api'", `from '${pathToFileURL(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js')).href}'`));
    childCmd = [out];
    notes.push('child processes run the built dist/ with plain node (npm run build done first)');
  } else {
    childCmd = ['--import', 'tsx', CHILD];
    notes.push(`NOTE: npm run build failed, child processes run under tsx (adds its loader to time and RSS): ${(build.stdout + build.stderr).slice(0, 300)}`);
  }
  return childCmd;
}

const nodeFlags = (process.env.TOKENPRINT_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

function child(args: string[], env: Record<string, string> = {}): ChildOut {
  const r = spawnSync(process.execPath, [...nodeFlags, ...childCmd!, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench child ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildOut;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The IF manifest equivalent to the warehouse view: the same factor row per record and the same closed-form
 * per-request model (context terms, host power over the replica time, idle share, PUE, calibration), builtins only.
 */
function ifManifest(records: { input: number; cached: number; out: number; f: FactorRow }[]): unknown {
  const sumMeta = (unit: string, description: string) => ({ unit, description, 'aggregation-method': { time: 'sum', component: 'sum' } });
  const meta = (o: string, unit: string) => ({ 'parameter-metadata': { outputs: { [o]: sumMeta(unit, o) } } });
  const op = (method: 'Multiply' | 'Sum' | 'Subtract', ins: string[], o: string, unit = '1') => ({
    method, path: 'builtin', config: { 'input-parameters': ins, 'output-parameter': o }, ...meta(o, unit),
  });
  const coef = (a: string, k: number, o: string) => ({ method: 'Coefficient', path: 'builtin', config: { 'input-parameter': a, coefficient: k, 'output-parameter': o }, ...meta(o, 'tokens') });
  const div = (a: string, k: number, o: string, unit: string) => ({ method: 'Divide', path: 'builtin', config: { numerator: a, denominator: k, output: o }, ...meta(o, unit) });
  const perRequest = (k: 'gpu-j' | 'replica-s') => ({
    [`${k}-oc`]: op('Multiply', [`${k}-out-ctx`, 'decode-ctx'], `${k}-oc`),
    [`${k}-po`]: op('Sum', [`${k}-out`, `${k}-oc`], `${k}-po`),
    [`${k}-eo`]: op('Multiply', ['output-tokens', `${k}-po`], `${k}-eo`),
    [`${k}-ic`]: op('Multiply', [`${k}-in-ctx`, 'prefill-ctx'], `${k}-ic`),
    [`${k}-pi`]: op('Sum', [`${k}-in`, `${k}-ic`], `${k}-pi`),
    [`${k}-ei`]: op('Multiply', ['in-eff', `${k}-pi`], `${k}-ei`),
    [k]: op('Sum', [`${k}-eo`, `${k}-ei`], k, k === 'gpu-j' ? 'J' : 's'),
  });
  const plugins = {
    'half-out': coef('output-tokens', 0.5, 'half-out'),
    'decode-ctx': op('Sum', ['input-tokens', 'half-out'], 'decode-ctx', 'tokens'),
    'prefill-ctx': coef('input-tokens', 0.5, 'prefill-ctx'),
    'cached-saved': op('Multiply', ['cached-tokens', 'cached-saving'], 'cached-saved', 'tokens'),
    'in-eff': op('Subtract', ['input-tokens', 'cached-saved'], 'in-eff', 'tokens'),
    ...perRequest('gpu-j'),
    ...perRequest('replica-s'),
    'host-j': op('Multiply', ['host-w', 'replica-s'], 'host-j', 'J'),
    'server-j': op('Sum', ['gpu-j', 'host-j'], 'server-j', 'J'),
    'it-j-raw': op('Multiply', ['server-j', 'idle-multiplier'], 'it-j-raw', 'J'),
    'it-j': op('Multiply', ['it-j-raw', 'energy-factor'], 'it-j', 'J'),
    'facility-j': op('Multiply', ['it-j', 'pue'], 'facility-j', 'J'),
    energy: div('facility-j', 3_600_000, 'energy', 'kWh'),
    'it-kwh': div('it-j', 3_600_000, 'it-kwh', 'kWh'),
    carbon: op('Multiply', ['energy', 'grid/carbon-intensity'], 'carbon', 'gCO2e'),
    'water-onsite': op('Multiply', ['it-kwh', 'wue-onsite'], 'water-onsite', 'L'),
    'water-offsite': op('Multiply', ['energy', 'water-offsite-intensity'], 'water-offsite', 'L'),
    water: op('Sum', ['water-onsite', 'water-offsite'], 'water', 'L'),
  };
  const t0 = Date.UTC(2025, 5, 1);
  return {
    name: 'tokenprint-equivalent',
    description: 'the warehouse view\'s closed-form per-request model → energy (kWh) → location-based carbon (g) and water (L); same factors as tokenprint',
    aggregation: { metrics: ['energy', 'carbon', 'water'], type: 'time' },
    initialize: { plugins },
    tree: {
      children: {
        usage: {
          pipeline: { compute: Object.keys(plugins) },
          inputs: records.map((r, i) => ({
            timestamp: new Date(t0 + i * 1000).toISOString(), duration: 1,
            'input-tokens': r.input, 'cached-tokens': r.cached, 'output-tokens': r.out,
            'cached-saving': 1 - r.f.cached_input_factor,
            'gpu-j-out': r.f.gpu_j_per_output_token, 'gpu-j-out-ctx': r.f.gpu_j_per_output_token_ctx,
            'gpu-j-in': r.f.gpu_j_per_input_token, 'gpu-j-in-ctx': r.f.gpu_j_per_input_token_ctx,
            'replica-s-out': r.f.replica_s_per_output_token, 'replica-s-out-ctx': r.f.replica_s_per_output_token_ctx,
            'replica-s-in': r.f.replica_s_per_input_token, 'replica-s-in-ctx': r.f.replica_s_per_input_token_ctx,
            'host-w': r.f.host_w, 'idle-multiplier': 1 + r.f.idle_share, 'energy-factor': r.f.energy_factor, pue: r.f.pue,
            'grid/carbon-intensity': r.f.loc_g_per_kwh, 'wue-onsite': r.f.wue_onsite_l_per_kwh, 'water-offsite-intensity': r.f.offsite_l_per_kwh,
          })),
        },
      },
    },
  };
}

function runIf(manifest: string, out: string, dir: string): { seconds: number; maxRssMB: number } {
  const hook = join(dir, 'rss-hook.cjs');
  writeFileSync(hook, `process.on('exit', () => require('fs').writeSync(2, 'MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, IF_RUN, '-m', manifest, '-o', out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`if-run failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { seconds, maxRssMB: Number(m[1]) / 1024 };
}

export async function benchIngest(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-ingest-'));
  const cfg = join(dir, 'tokenprint.yaml');
  writeFileSync(cfg, SAMPLE_CONFIG);
  const out: string[] = [];
  try {
    prepareChild(dir);
    out.push(...notes);
    if (nodeFlags.length) out.push(`children run with node flags: ${nodeFlags.join(' ')}`);
    // 1. Throughput vs parse-only, each run three times (machines are noisy: the median is reported, with the range).
    const n = sizes(process.env.TOKENPRINT_BENCH_EVENTS, [1_000_000])[0];
    const file = join(dir, `events-${n}.jsonl`);
    writeEvents(file, n, false);
    const base = [0, 1, 2].map(() => child(['parse', file]));
    const ing = [0, 1, 2].map((i) => {
      const r = child(['ingest', file, join(dir, `a${i}.duckdb`), cfg]);
      rmSync(join(dir, `a${i}.duckdb`), { force: true });
      return r;
    });
    const rates = ing.map((r) => r.records / r.seconds).sort((x, y) => x - y);
    const baseRates = base.map((r) => r.records / r.seconds).sort((x, y) => x - y);
    const rate = rates[1];
    const baseRate = baseRates[1];
    const peak = Math.max(...ing.map((r) => r.maxRssMB));
    out.push(
      `ingest ${fmt(n)} JSONL events → DuckDB: ${fmt(rate)} events/s, median of 3 (${fmt(rates[0])}–${fmt(rates[2])}); peak RSS ${fmt(peak)} MB · target ≥ 250,000/s`,
      `parse-only baseline (read lines + JSON.parse), same run: ${fmt(baseRate)} events/s (${fmt(baseRates[0])}–${fmt(baseRates[2])}) · ingest/parse ratio ${(rate / baseRate).toFixed(2)}`,
    );
    // The floor under both targets: the same number of ledger rows written by DuckDB alone (no file, no parsing).
    const floor = child(['write', String(n), join(dir, 'floor.duckdb')]);
    rmSync(join(dir, 'floor.duckdb'), { force: true });
    out.push(`  floor — DuckDB writing ${fmt(n)} ledger rows alone (same store, settings and batch size; no parsing): ${fmt(floor.records / floor.seconds)} rows/s, peak RSS ${fmt(floor.maxRssMB)} MB`);
    // 2. Peak RSS at two sizes, and with smaller commits.
    for (const m of sizes(process.env.TOKENPRINT_BENCH_RSS_SIZES, [1_000_000, 5_000_000])) {
      const f = m === n ? file : join(dir, `events-${m}.jsonl`);
      if (m !== n) writeEvents(f, m, false);
      const r = m === n ? { records: n, seconds: n / rate, maxRssMB: peak } : child(['ingest', f, join(dir, `rss-${m}.duckdb`), cfg]);
      out.push(`peak RSS ingesting ${fmt(m)} events: ${fmt(r.maxRssMB)} MB (target ≤ 300 MB) · ${fmt(r.records / r.seconds)} events/s`);
      if (m !== n) rmSync(f, { force: true });
      rmSync(join(dir, `rss-${m}.duckdb`), { force: true });
    }
    const small = child(['ingest', file, join(dir, 'small.duckdb'), cfg, '10000']);
    rmSync(join(dir, 'small.duckdb'), { force: true });
    out.push(`  --batch-size 10000 (smaller commits), ${fmt(n)} events: peak RSS ${fmt(small.maxRssMB)} MB · ${fmt(small.records / small.seconds)} events/s`);
    rmSync(file, { force: true });
    // 3. Side by side with the Impact Framework.
    const config = parseConfig(SAMPLE_CONFIG);
    for (const m of sizes(process.env.TOKENPRINT_BENCH_IF_SIZES, [10_000, 100_000])) {
      const f = join(dir, `if-${m}.jsonl`);
      writeEvents(f, m, true);
      const recs = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { provider: string; model: string; deployment?: string; region?: string; input_tokens: number; cached_input_tokens?: number; output_tokens: number; timestamp: string });
      const keys = [...new Map(recs.map((r) => [`${r.provider}|${r.model}|${r.deployment ?? ''}|${r.region ?? ''}`, { provider: r.provider, model: r.model, deployment: r.deployment, region: r.region }])).values()];
      const { rows } = exportFactors(config, keys);
      // The factor row the view joins each record to (self-hosted by deployment; API by model and region; by time).
      const factorOf = (r: (typeof recs)[number]): FactorRow => {
        const self = r.provider === 'self-hosted';
        const ts = Date.parse(r.timestamp);
        const hit = rows.find((x) => x.provider === r.provider && x.model === (self ? '' : r.model) && x.deployment === (self ? (r.deployment ?? '') : '') && x.region === (self ? '' : (r.region ?? '')) && ts >= x.valid_from_ms && ts < x.valid_to_ms);
        if (!hit) throw new Error(`no factor row for ${r.provider}/${r.model}/${r.deployment ?? ''}`);
        return hit;
      };
      const factorsFile = join(dir, 'factors.csv');
      writeFileSync(factorsFile, factorsCsv(rows));
      const manifest = join(dir, `if-${m}.yaml`);
      writeFileSync(manifest, stringify(ifManifest(recs.map((r) => ({ input: r.input_tokens, cached: r.cached_input_tokens ?? 0, out: r.output_tokens, f: factorOf(r) })))));
      const tp = child(['warehouse', f, factorsFile]);
      const led = child(['ingest', f, join(dir, `if-${m}.duckdb`), cfg]);
      const ifr = runIf(manifest, join(dir, `if-out-${m}`), dir);
      const ifOut = parse(readFileSync(join(dir, `if-out-${m}.yaml`), 'utf8')) as { tree: { aggregated?: Agg; children: { usage: { aggregated: Agg } } } };
      const agg = ifOut.tree.aggregated ?? ifOut.tree.children.usage.aggregated;
      const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
      const worst = Math.max(rel(agg.energy, tp.energyKWh!), rel(agg.carbon, tp.carbonG!), rel(agg.water, tp.waterL!));
      out.push(
        `IF side by side, ${fmt(m)} records: totals energy ${agg.energy.toPrecision(8)} kWh, carbon ${agg.carbon.toPrecision(8)} g, water ${agg.water.toPrecision(8)} L; worst relative difference ${worst.toExponential(1)} (${worst <= 1e-9 ? 'agree to 1e-9' : 'DISAGREE'})`,
        `  if-run: ${ifr.seconds.toFixed(2)} s, ${fmt(ifr.maxRssMB)} MB · tokenprint portable view (DuckDB): ${tp.seconds.toFixed(2)} s, ${fmt(tp.maxRssMB)} MB → ${(ifr.seconds / tp.seconds).toFixed(1)}× faster, ${(ifr.maxRssMB / tp.maxRssMB).toFixed(1)}× less memory`,
        `  tokenprint full ledger ingest (per-request physics, idempotent store): ${led.seconds.toFixed(2)} s, ${fmt(led.maxRssMB)} MB → ${(ifr.seconds / led.seconds).toFixed(1)}× faster, ${(ifr.maxRssMB / led.maxRssMB).toFixed(1)}× less memory than if-run`,
      );
    }
  } finally {
    if (!process.env.TOKENPRINT_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else out.push(`kept ${dir}`);
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write((await benchIngest()) + '\n');
