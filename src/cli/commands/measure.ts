/**
 * `tokenprint measure -- CMD ARGS…`: runs a command, measures the machine's energy while it runs (best source per
 * component), and reports energy by component, carbon, water, duration and the sources used. The command's exit
 * code is passed through. The report goes to stderr (like `time`), so the command's stdout stays pipeable;
 * `--json` prints the result on stdout after the command's own output.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutFile } from '../out-path.js';
import { constants as osConstants, tmpdir } from 'node:os';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { Tracker, type MeasurementResult } from '../../measure/tracker.js';
import { appendCodeCarbonCsv, checkCodeCarbonCsv } from '../../measure/codecarbon-csv.js';
import { detectSources, type GpuChoice } from '../../sources/power/detect.js';
import { ExitWith } from '../exit-codes.js';
import { bold, dim, num, rng, table } from '../format.js';
import { parsePositive, parsePositiveInt } from '../parse.js';
import { siteOptions, siteOverrides, type SiteFlags } from '../site-flags.js';
import { handleSignals } from '../signals.js';

interface Flags extends SiteFlags {
  interval: string;
  out?: string;
  json?: boolean;
  gpu: string;
  cpuTdp?: string;
  ramGb?: string;
  project: string;
}

export function parseGpuChoice(raw: string, flag: string): GpuChoice {
  const v = raw.trim();
  if (v === 'auto' || v === 'nvml' || v === 'nvidia-smi' || v === 'none') return v;
  if (/^prometheus:https?:\/\/\S+$/.test(v)) return v as GpuChoice;
  throw new InvalidInputError(flag, `'${raw}' is not one of auto, nvml, nvidia-smi, none, prometheus:http://HOST:PORT/metrics`);
}

export function registerMeasure(program: Command): void {
  const cmd = program
    .command('measure')
    .description('run a command and measure the energy, carbon and water of the machine while it runs')
    .argument('<command...>', 'the command to run, after `--` (e.g. npx tokenprint measure -- python train.py)')
    .option('--interval <ms>', 'sampling period in ms', '1000')
    .option('--gpu <source>', 'GPU source: auto|nvml|nvidia-smi|none|prometheus:URL', 'auto')
    .option('--cpu-tdp <W>', 'rated power of all CPUs this machine sees, W (used only when RAPL is unreadable)')
    .option('--ram-gb <GB>', 'installed RAM for the 3 W per 8 GB rule (used only without RAPL DRAM counters)')
    .option('--project <name>', 'project_name in the CSV', 'tokenprint')
    .option('--out <file>', 'append a CodeCarbon-compatible row to FILE.csv, or write JSON to FILE.json');
  siteOptions(cmd).option('--json', 'print the result as JSON on stdout (after the command’s own output)');
  cmd.action(async (command: string[], f: Flags) => {
    const intervalMs = parsePositiveInt(f.interval, '--interval');
    if (intervalMs < 10) throw new InvalidInputError('--interval', `must be at least 10 ms, got ${intervalMs}`);
    const gpu = parseGpuChoice(f.gpu, '--gpu');
    const selection = await detectSources({
      gpu,
      intervalMs: Math.min(intervalMs, 1000),
      cpuTdpW: f.cpuTdp === undefined ? undefined : parsePositive(f.cpuTdp, '--cpu-tdp'),
      ramGB: f.ramGb === undefined ? undefined : parsePositive(f.ramGb, '--ram-gb'),
    });
    // A GPU source the user named explicitly and that does not work is an error before the run, not 0 J after it.
    if (gpu !== 'auto' && gpu !== 'none' && !selection.decisions.some((d) => d.component === 'gpu' && d.used)) {
      const why = selection.decisions.filter((d) => d.component === 'gpu').map((d) => `${d.name}: ${d.detail}`).join('; ');
      await Promise.allSettled(selection.sources.map((s) => s.close()));
      throw new InvalidInputError('--gpu', `${gpu} is not available here (${why}). Use --gpu auto to take the best available, or --gpu none.`);
    }
    const tracker = new Tracker({
      intervalMs,
      projectName: f.project,
      site: siteOverrides(f),
      sources: selection.sources,
      decisions: selection.decisions,
    });
    // Refuse an --out path that cannot be written, or a CSV with another header, before the command runs.
    if (f.out) checkOutFile(f.out, '--out');
    if (f.out && !f.out.toLowerCase().endsWith('.json')) checkCodeCarbonCsv(f.out);
    await tracker.start();
    process.stderr.write(dim(`tokenprint: measuring \`${command.join(' ')}\` every ${intervalMs} ms\n`));
    let code: number;
    try {
      code = await runChild(command);
    } catch (err) {
      await tracker.stop().catch(() => undefined); // release the sources before reporting the failure
      throw err;
    }
    const result = await tracker.stop();
    // Report first: a file that cannot be written must not lose the measurement on screen.
    if (f.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stderr.write(formatMeasurement(result, code) + '\n');
    if (f.out && !saveMeasurement(f.out, result)) throw new ExitWith(code !== 0 ? code : 1);
    if (code !== 0) throw new ExitWith(code);
  });
}

/**
 * Writes the result to `out`; when that fails (the disk filled, the folder went away while the command ran), writes
 * the JSON to a temporary file instead and says where, so a finished measurement is never lost. False on failure.
 */
function saveMeasurement(out: string, result: MeasurementResult): boolean {
  try {
    if (out.toLowerCase().endsWith('.json')) writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    else appendCodeCarbonCsv(out, result);
    return true;
  } catch (err) {
    const fallback = join(tmpdir(), `tokenprint-measure-${Date.now()}.json`);
    writeFileSync(fallback, JSON.stringify(result, null, 2) + '\n');
    process.stderr.write(`tokenprint: --out: cannot write ${out} (${(err as Error).message}); the measurement was saved to ${fallback}\n`);
    return false;
  }
}

/** Signals that a supervisor sends to tokenprint alone (`kill PID`, `timeout`, a closed terminal): forwarded. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * Runs the command with inherited stdio; resolves with its exit code (128 + signal number when killed).
 *
 * Signals: Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT) from a terminal reach the whole foreground process group, so the
 * child gets them itself; tokenprint ignores them while the child runs (as `time` does) and reports when the child
 * has exited. SIGTERM and SIGHUP are usually sent to tokenprint alone, so they are forwarded to the child; the
 * measurement is then reported as usual, with the child's exit status.
 */
export function runChild(command: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    const ignore = (): void => undefined;
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const offIgnored = handleSignals(['SIGINT', 'SIGQUIT'], ignore);
    const offForwarded = handleSignals(FORWARDED_SIGNALS, forward);
    const done = (): void => {
      offIgnored();
      offForwarded();
    };
    child.once('error', (err) => {
      done();
      reject(new InvalidInputError('command', `cannot run '${command[0]}': ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      done();
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
  });
}

export function formatMeasurement(r: MeasurementResult, exitCode?: number): string {
  const src = (c: 'gpu' | 'cpu' | 'ram'): string => {
    const d = r.sources.find((s) => s.component === c && s.used);
    if (!d) return 'none available';
    const p = d.precision;
    return `${d.name} (${p.kind}, ${num((p.low - 1) * 100, 2)}/+${num((p.high - 1) * 100, 2)} %)`;
  };
  const lines = [
    bold(`measured ${num(r.durationS)} s` + (exitCode === undefined ? '' : ` · exit code ${exitCode}`) + ` · ${r.site.zoneName} (${r.site.zone})`),
    '',
    table(
      [
        ['GPU', rng(r.energyJ.gpu, 'J'), `${num(r.meanPowerW.gpu)} W`, src('gpu')],
        ['CPU', rng(r.energyJ.cpu, 'J'), `${num(r.meanPowerW.cpu)} W`, src('cpu')],
        ['RAM', rng(r.energyJ.ram, 'J'), `${num(r.meanPowerW.ram)} W`, src('ram')],
        ['total (IT)', rng(r.energyJ.total, 'J'), `${num(r.meanPowerW.gpu + r.meanPowerW.cpu + r.meanPowerW.ram)} W`, ''],
        [`facility (× PUE ${num(r.site.pue)})`, rng(r.facilityEnergyJ, 'J'), '', ''],
      ],
      ['component', 'energy', 'mean power', 'source (precision)'],
    ),
    '',
    table([
      ['carbon, location-based', rng(r.carbonG.location, 'gCO2e')],
      ['carbon, market-based', rng(r.carbonG.market, 'gCO2e')],
      ['water', rng(r.waterL, 'L')],
    ]),
  ];
  for (const p of r.phases) lines.push(dim(`  phase ${p.name}: ${num(p.durationS)} s, ${num(p.energyJ.total)} J`));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
