import type { Command } from 'commander';
import { ConflictingInputError, InvalidInputError } from '../../core/errors.js';
import { parseTimeMs, SIGNAL_KINDS, type SignalKind } from '../../sources/grid/signal.js';
import { gridSourceFromSpec } from '../../sources/grid/select.js';
import { planSchedule } from '../../plan/schedule.js';
import { bold, dim, num, table } from '../format.js';
import { parseChoice, parsePositive } from '../parse.js';

interface Flags {
  duration: string;
  earliest?: string;
  latest: string;
  zones: string;
  source: string;
  signal?: string;
  data?: string;
  energyKwh?: string;
  json?: boolean;
  casdk?: string;
}

/** `90m`, `2h`, `1.5h`, `PT2H30M`, `3600s` → seconds. */
export function parseDuration(raw: string, flag: string): number {
  const s = raw.trim();
  const iso = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(s);
  if (iso && (iso[1] || iso[2] || iso[3])) return Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(s);
  if (!m) throw new InvalidInputError(flag, `'${raw}' is not a duration (examples: 90m, 2h, PT2H30M)`);
  const unit = m[2].toLowerCase();
  const k = unit === 's' ? 1 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : 60;
  return Number(m[1]) * k;
}

/** `now`, `+12h` / `now+12h` (relative to now, any --duration spelling) or an ISO-8601 time → ms. */
export function parseWhen(raw: string, flag: string, nowMs: number): number {
  const s = raw.trim();
  if (s === 'now') return nowMs;
  const rel = /^(?:now)?\+(.+)$/i.exec(s);
  if (rel) return nowMs + parseDuration(rel[1], flag) * 1000;
  return parseTimeMs(s, flag);
}

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('carbon-aware scheduling: best zone and start for a job, and the saving vs now and vs the worst choice')
    .requiredOption('--duration <d>', 'job duration (90m, 2h, PT2H)')
    .option('--earliest <t>', 'earliest start: ISO-8601, now, or +DURATION from now (default: now)')
    .requiredOption('--latest <t>', 'latest end: ISO-8601 or +DURATION from now (e.g. +24h)')
    .requiredOption('--zones <a,b>', 'zones or cloud regions to compare; the first is where the job runs now')
    .option('--source <s>', 'static | file:PATH | electricitymaps | watttime | ukci', 'static')
    .option('--signal <k>', 'signal a file holds: average|marginal (file source only; default average)')
    .option('--data <kind>', 'forecast | history', 'forecast')
    .option('--energy-kwh <e>', "the job's energy, kWh: turns savings into grams")
    .option('--casdk <shape>', 'print only a Carbon Aware SDK-shaped answer: best | forecast')
    .option('--json', 'print JSON')
    .action(async (f: Flags) => {
      const now = Date.now();
      const durationS = parseDuration(f.duration, '--duration');
      const earliestMs = f.earliest === undefined ? now : parseWhen(f.earliest, '--earliest', now);
      const latestMs = parseWhen(f.latest, '--latest', now);
      const zones = f.zones.split(',').map((z) => z.trim()).filter((z) => z !== '');
      if (!zones.length) throw new InvalidInputError('--zones', 'give at least one zone');
      const data = parseChoice<'forecast' | 'history'>(f.data ?? 'forecast', '--data', ['forecast', 'history']);
      if (f.signal !== undefined && !f.source.startsWith('file:')) {
        throw new ConflictingInputError(`--signal ${f.signal} only says what a --source file:PATH holds; --source ${f.source} sets its own signal. Drop --signal, or give a file.`);
      }
      const source = gridSourceFromSpec(f.source, { fileSignal: parseChoice<SignalKind>(f.signal ?? 'average', '--signal', SIGNAL_KINDS) });
      process.stderr.write(dim(`fetching ${data} for ${zones.join(', ')} from ${source.id} (${source.signal} signal)…\n`));
      const series = await Promise.all(
        zones.map((z) => (data === 'forecast' ? source.forecast(z, earliestMs, latestMs) : source.history(z, earliestMs, latestMs))),
      );
      const r = planSchedule(series, { durationS, earliestMs, latestMs, energyKWh: f.energyKwh === undefined ? undefined : parsePositive(f.energyKwh, '--energy-kwh') }, now);
      if (f.casdk !== undefined) {
        const shape = parseChoice<'best' | 'forecast'>(f.casdk, '--casdk', ['best', 'forecast']);
        process.stdout.write(JSON.stringify(shape === 'best' ? r.bylocationsBest : r.forecastsCurrent, null, 2) + '\n');
        return;
      }
      if (f.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const sig = `${r.signal} gCO2e/kWh`;
      const lines = [
        bold(`Best: ${r.best.zone}, start ${new Date(r.best.startMs).toISOString()} — ${num(r.best.gPerKWh)} ${sig} over ${num(durationS / 3600)} h`),
      ];
      if (r.savingVsNow && r.now) {
        lines.push(`vs running now in ${r.now.zone} (${num(r.now.gPerKWh)}): ${num(r.savingVsNow.gPerKWh)} ${sig} less (${(r.savingVsNow.fraction * 100).toFixed(1)}%)` + (r.savingVsNow.carbonG === undefined ? '' : `, ${num(r.savingVsNow.carbonG)} gCO2e for this job`));
      }
      lines.push(`vs the worst choice (${r.worst.zone} at ${new Date(r.worst.startMs).toISOString()}, ${num(r.worst.gPerKWh)}): ${(r.savingVsWorst.fraction * 100).toFixed(1)}% less`);
      lines.push(
        '',
        table(
          r.zones.map((z) => [z.zone, z.best ? num(z.best.gPerKWh) : '—', z.best ? new Date(z.best.startMs).toISOString() : '—', z.now ? num(z.now.gPerKWh) : '—', z.worst ? num(z.worst.gPerKWh) : '—', String(z.windowsEvaluated), String(z.gaps.length), z.basis]),
          ['zone', 'best', 'best start', 'now', 'worst', 'windows', 'gaps', 'basis'],
        ),
      );
      for (const w of r.warnings) lines.push(`warning: ${w}`);
      lines.push(dim(`signal: ${r.signal} (${r.signal === 'marginal' ? 'for shifting decisions, not for footprint attribution' : 'grid average'}); source: ${r.zones[0].source}`));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
