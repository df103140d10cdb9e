import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { pullUsage } from '../../sources/usage-api/pull.js';
import { PROVIDER_APIS, type BucketWidth, type PullProvider } from '../../sources/usage-api/providers.js';
import { parseChoice } from '../parse.js';

interface Flags {
  since?: string;
  until?: string;
  bucket?: string;
  out?: string;
  baseUrl?: string;
  json?: boolean;
}

function parseDate(v: string, flag: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/.test(v) ? Date.parse(v.length === 10 ? v + 'T00:00:00Z' : v) : NaN;
  if (!Number.isFinite(ms)) throw new InvalidInputError(flag, `'${v}' is not a UTC date like 2025-06-01 (or 2025-06-01T12:00:00Z)`);
  return ms;
}

export function registerPull(program: Command): void {
  program
    .command('pull')
    .description('fetch an organisation usage API (OpenAI Usage API, Anthropic usage report) into a file of bucket pages, resumably')
    .argument('<provider>', 'openai | anthropic')
    .requiredOption('--since <date>', 'first day (UTC) to pull, e.g. 2025-06-01')
    .option('--until <date>', 'day after the last one to pull (default: now; buckets not yet ended are left for a later pull)')
    .option('--bucket <width>', 'bucket width: 1h | 1d', '1d')
    .requiredOption('--out <file>', 'pages are appended here (one JSON page per line); <file>.pull.json records the windows pulled')
    .option('--base-url <url>', 'API root (default: the provider\'s; for a proxy or a recorded server)')
    .option('--json', 'print the summary as JSON')
    .action(async (providerArg: string, f: Flags) => {
      const provider = parseChoice<PullProvider>(providerArg, 'provider', ['openai', 'anthropic']);
      const api = PROVIDER_APIS[provider];
      const key = process.env[api.keyEnv];
      if (key === undefined || key === '') {
        throw new InvalidInputError(api.keyEnv, `set ${api.keyEnv} to an organisation admin key (${provider === 'openai' ? 'platform.openai.com → Settings → Admin keys' : 'console → Settings → Admin keys'}); pull reads it from the environment only`);
      }
      const now = Date.now();
      const r = await pullUsage({
        provider,
        sinceMs: parseDate(f.since ?? '', '--since'),
        untilMs: f.until === undefined ? now : parseDate(f.until, '--until'),
        bucket: parseChoice<BucketWidth>(f.bucket ?? '1d', '--bucket', ['1h', '1d']),
        out: f.out ?? '',
        key,
        baseUrl: f.baseUrl,
        nowMs: now,
        onWindow: f.json ? undefined : (w) => process.stderr.write(`pulled ${new Date(w.startMs).toISOString()} … ${new Date(w.endMs).toISOString()} (${w.pages} page${w.pages === 1 ? '' : 's'})\n`),
      });
      if (f.json) {
        process.stdout.write(JSON.stringify({ provider, out: f.out, ...r, pulledUntil: new Date(r.pulledUntilMs).toISOString() }, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        `${f.out}: ${r.windows - r.skipped} window${r.windows - r.skipped === 1 ? '' : 's'} pulled (${r.pages} pages, ${r.buckets} buckets, ${r.requests} requests), ${r.skipped} already there; up to ${new Date(r.pulledUntilMs).toISOString()}\n`,
      );
    });
}
