/**
 * `tokenprint profile-endpoint`: drives an OpenAI-compatible server with streaming requests at each concurrency,
 * measures J per output token in the ML.ENERGY steady-state window, and puts the estimator's prediction and the
 * calibration factor beside it. `--save-calibration FILE` records the result in a tokenprint.yaml.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveInferenceDeployment } from '../../estimate/inference-deployment.js';
import { checkOutFile } from '../out-path.js';
import { InvalidInputError } from '../../core/errors.js';
import { PRECISIONS, type Precision } from '../../core/precision.js';
import { profileEndpoint, type ProfileResult, DEFAULT_MAX_TOKENS } from '../../measure/profile-endpoint.js';
import { calibrationEntries, saveCalibrations } from '../../measure/calibration-file.js';
import { NvmlSource } from '../../sources/power/nvml.js';
import { NvidiaSmiSource } from '../../sources/power/nvidia-smi.js';
import { PrometheusSource } from '../../sources/power/prometheus.js';
import { selectSources } from '../../sources/power/detect.js';
import type { EnergyCounterSource, SourceDecision } from '../../sources/power/power-source.js';
import { bold, dim, num, rng, table } from '../format.js';
import { parseChoice, parsePositive, parsePositiveInt } from '../parse.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../../measure/openai-stream.js';

interface Flags {
  url: string;
  model: string;
  concurrency: string[];
  requests?: string;
  prompts?: string;
  maxTokens: string;
  power: string;
  hardware?: string;
  gpus?: string;
  precision?: string;
  catalogModel?: string;
  apiKey?: string;
  saveCalibration?: string;
  deployment?: string;
  json?: boolean;
  timeout?: string;
}

/** Prompts from a file: JSON lines with "prompt" (or the last user message of "messages"), else one per line. */
export function readPrompts(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError('--prompts', `cannot read ${path}: ${(err as Error).message}`);
  }
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const s = line.trim();
    if (s === '') return;
    if (s.startsWith('{')) {
      let j: { prompt?: unknown; messages?: { role?: string; content?: unknown }[] };
      try {
        j = JSON.parse(s) as typeof j;
      } catch {
        throw new InvalidInputError('--prompts', `${path}:${i + 1} starts with '{' but is not valid JSON`);
      }
      const fromMessages = j.messages?.filter((m) => m.role === 'user').at(-1)?.content;
      const p = typeof j.prompt === 'string' ? j.prompt : typeof fromMessages === 'string' ? fromMessages : undefined;
      if (p === undefined) throw new InvalidInputError('--prompts', `${path}:${i + 1} has neither "prompt" nor a user message`);
      out.push(p);
    } else out.push(s);
  });
  if (out.length === 0) throw new InvalidInputError('--prompts', `${path} holds no prompt`);
  return out;
}

async function powerSource(choice: string): Promise<{ source?: EnergyCounterSource; decision?: SourceDecision; notes: SourceDecision[] }> {
  const v = choice.trim();
  let candidates: EnergyCounterSource[];
  if (v === 'none') return { notes: [] };
  if (v === 'auto') candidates = [new NvmlSource(), new NvidiaSmiSource()];
  else if (v === 'nvml') candidates = [new NvmlSource()];
  else if (v === 'nvidia-smi') candidates = [new NvidiaSmiSource()];
  else if (/^prometheus:https?:\/\/\S+$/.test(v)) candidates = [new PrometheusSource({ url: v.slice('prometheus:'.length) })];
  else throw new InvalidInputError('--power', `'${choice}' is not one of auto, nvml, nvidia-smi, prometheus:URL, none`);
  const sel = await selectSources({ gpu: candidates, cpu: [], ram: [] });
  const used = sel.decisions.find((d) => d.used);
  if (!used) {
    const why = sel.decisions.map((d) => `${d.name}: ${d.detail}`).join('; ');
    if (v === 'auto') return { notes: [...sel.decisions] };
    throw new InvalidInputError('--power', `${v} is not available here (${why}). Use --power none to profile latency and throughput only.`);
  }
  return { source: sel.sources[0] as EnergyCounterSource, decision: used, notes: [...sel.decisions] };
}

export function registerProfileEndpoint(program: Command): void {
  program
    .command('profile-endpoint')
    .description('measure J per output token, tokens per joule and latency of an OpenAI-compatible server (ML.ENERGY method)')
    .requiredOption('--url <url>', 'base URL of the server, ending in /v1 (e.g. http://127.0.0.1:8000/v1)')
    .requiredOption('--model <name>', 'model name as the server knows it')
    .option('--concurrency <n...>', 'concurrent requests per level (several: --concurrency 1 8 32)', ['8'])
    .option('--requests <n>', 'requests per level (default max(32, 8 × concurrency); at least 2 × concurrency)')
    .option('--prompts <file>', 'prompts: JSON lines with "prompt" or "messages", or one prompt per line')
    .option('--max-tokens <n>', 'max_tokens per request', String(DEFAULT_MAX_TOKENS))
    .option('--power <source>', 'GPU energy: auto|nvml|nvidia-smi|prometheus:URL|none (DCGM exporter: prometheus:http://HOST:9400/metrics)', 'auto')
    .option('--hardware <id>', 'accelerator id of the server, for the estimator comparison (see `npx tokenprint catalog accelerators`)')
    .option('--gpus <n>', 'accelerators serving the model (tensor parallel)')
    .option('--precision <p>', `weight precision: ${PRECISIONS.join('|')} (default: the model's native)`)
    .option('--catalog-model <id>', 'catalog model id when the served name differs (default: --model)')
    .option('--api-key <key>', 'bearer token for the server (default: env OPENAI_API_KEY if set)')
    .option('--save-calibration <file>', 'write the calibration to FILE (tokenprint.yaml `calibrations:`)')
    .option('--deployment <name>', 'deployment name for --save-calibration; the ledger applies it to the deployment of that name under `deployments:` (default MODEL@HARDWARExGPUS)')
    .option('--timeout <s>', `seconds without any data from the server before a request fails (default ${DEFAULT_IDLE_TIMEOUT_MS / 1000})`)
    .option('--json', 'print the result as JSON')
    .action(async (f: Flags) => {
      const concurrency = f.concurrency.flatMap((s) => s.split(',')).filter((s) => s.trim() !== '').map((s) => parsePositiveInt(s, '--concurrency'));
      const maxTokens = parsePositiveInt(f.maxTokens, '--max-tokens');
      const requests = f.requests === undefined ? undefined : parsePositiveInt(f.requests, '--requests');
      const precision = f.precision === undefined ? undefined : parseChoice<Precision>(f.precision, '--precision', PRECISIONS);
      const gpus = f.gpus === undefined ? undefined : parsePositiveInt(f.gpus, '--gpus');
      const timeoutMs = f.timeout === undefined ? undefined : parsePositive(f.timeout, '--timeout') * 1000;
      if (!/^https?:\/\//.test(f.url)) throw new InvalidInputError('--url', `'${f.url}' must start with http:// or https:// (e.g. http://127.0.0.1:8000/v1)`);
      if (f.saveCalibration && !f.hardware) throw new InvalidInputError('--save-calibration', 'needs --hardware (and --gpus) to compare with the estimator');
      if (f.saveCalibration && f.power === 'none') throw new InvalidInputError('--save-calibration', 'needs a power source; --power none measures no energy');
      // Check the ids, the prompts file and the output path before minutes of benchmarking, not after.
      if (f.hardware) resolveInferenceDeployment({ model: f.catalogModel ?? f.model, hardware: f.hardware, gpus, precision });
      const prompts = f.prompts ? readPrompts(f.prompts) : undefined;
      if (f.saveCalibration) checkOutFile(f.saveCalibration, '--save-calibration');
      const power = await powerSource(f.power);
      if (f.saveCalibration && !power.source) throw new InvalidInputError('--save-calibration', 'no GPU power source is available here (see --power)');
      const result = await profileEndpoint({
        url: f.url,
        model: f.model,
        concurrency,
        requests,
        maxTokens,
        prompts,
        power: power.source,
        powerDecision: power.decision,
        estimator: f.hardware ? { model: f.catalogModel ?? f.model, hardware: f.hardware, gpus, precision } : undefined,
        apiKey: f.apiKey ?? process.env.OPENAI_API_KEY,
        timeoutMs,
        onProgress: f.json ? undefined : (m) => process.stderr.write(dim(`tokenprint: ${m}\n`)),
      });
      // The measurement is printed first: a calibration that cannot be saved must not lose the measured table.
      if (f.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(formatProfile(result, power.notes) + '\n');
      if (f.saveCalibration) {
        const entries = calibrationEntries(result, f.deployment);
        const r = saveCalibrations(f.saveCalibration, entries);
        process.stderr.write(`tokenprint: ${f.saveCalibration}: ${r.added} calibration(s) added, ${r.replaced} replaced\n`);
      }
    });
}

export function formatProfile(r: ProfileResult, notes: readonly SourceDecision[] = []): string {
  const ms = (x: number): string => (Number.isFinite(x) ? num(x) : '–');
  const rows = r.levels.map((l) => [
    String(l.concurrency),
    `${l.completed}/${l.requests}`,
    `${num(l.window.durationS)} s`,
    num(l.throughputTokS),
    l.jPerOutputToken ? rng(l.jPerOutputToken) : '–',
    l.tokensPerJ !== undefined ? num(l.tokensPerJ) : '–',
    l.whPerRequest ? num(l.whPerRequest.value) : '–',
    l.avgPowerW !== undefined ? num(l.avgPowerW) : '–',
    `${ms(l.ttftMs.p50)} / ${ms(l.ttftMs.p90)} / ${ms(l.ttftMs.p99)}`,
    `${ms(l.itlMs.p50)} / ${ms(l.itlMs.p90)} / ${ms(l.itlMs.p99)}`,
  ]);
  const lines = [
    bold(`${r.model} at ${r.url} — GPU energy from ${r.power ? `${r.power.name} (${r.power.precision.kind})` : 'no power source'}`),
    dim(r.method),
    '',
    table(rows, ['conc', 'done', 'window', 'tok/s', 'J/out token', 'tok/J', 'Wh/req', 'GPU W', 'TTFT ms p50/90/99', 'ITL ms p50/90/99']),
  ];
  const pred = r.levels.filter((l) => l.prediction);
  if (pred.length) {
    const p0 = pred[0].prediction!;
    lines.push('', bold(`estimator: ${p0.model} on ${p0.gpus} × ${p0.hardware} (${p0.precision}), GPU boundary, batch = concurrency`));
    lines.push(
      table(
        pred.map((l) => [
          String(l.concurrency),
          l.jPerOutputToken ? num(l.jPerOutputToken.value) : '–',
          rng(l.prediction!.jPerOutputToken),
          l.calibrationFactor !== undefined ? `×${num(l.calibrationFactor)}` : '–',
          rng(l.prediction!.interTokenMs),
        ]),
        ['conc', 'measured J/tok', 'predicted J/tok', 'factor', 'predicted ITL ms'],
      ),
    );
  }
  if (!r.power) {
    for (const n of notes) lines.push(dim(`no power: ${n.name}: ${n.detail}`));
    if (notes.length === 0) lines.push(dim('no power source (--power none): latency and throughput only'));
  }
  for (const l of r.levels) for (const w of [...l.warnings, ...(l.prediction?.warnings ?? [])]) lines.push(`warning (concurrency ${l.concurrency}): ${w}`);
  return lines.join('\n');
}
