/**
 * `tokenprint pull`: fetch an organisation usage API's buckets for [since, until) into a file of pages (one JSON page
 * per line, the input of the openai-usage / anthropic-usage readers). The range is cut into windows of as many
 * buckets as one page may hold; each window is fetched whole (following next_page), then appended and recorded in a
 * state file beside the output (`<out>.pull.json`). Re-running resumes at the first window not recorded, and a window
 * already pulled is never fetched or written twice; bytes past the last recorded window (a run killed mid-write) are
 * cut first. Windows that have not ended yet are not pulled (their buckets would still change).
 */
import { existsSync, openSync, closeSync, writeSync, fsyncSync, ftruncateSync, statSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { ConflictingInputError, InvalidInputError } from '../../core/errors.js';
import { getJson } from './http.js';
import { PROVIDER_APIS, type BucketWidth, type PullProvider } from './providers.js';
import { UsageApiError } from './errors.js';

export interface PullOptions {
  readonly provider: PullProvider;
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly bucket: BucketWidth;
  readonly out: string;
  readonly key: string;
  /** API root (tests point it at a recorded server on 127.0.0.1). */
  readonly baseUrl?: string;
  /** Now, ms (windows ending later are not pulled). */
  readonly nowMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onWindow?: (w: { startMs: number; endMs: number; pages: number; buckets: number }) => void;
}

export interface PullResult {
  readonly windows: number;
  /** Windows found in the state file (pulled before) and not fetched again. */
  readonly skipped: number;
  readonly pages: number;
  readonly buckets: number;
  /** HTTP requests made, retries included. */
  readonly requests: number;
  /** End of the last window pulled (until, or earlier when until is in the future). */
  readonly pulledUntilMs: number;
}

interface PullState {
  readonly version: 1;
  readonly provider: PullProvider;
  readonly bucket: BucketWidth;
  /** Bytes of the output file that belong to recorded windows. */
  bytes: number;
  /** Start (ms) → end (ms) of each window pulled. */
  windows: Record<string, number>;
}

const WIDTH_MS: Record<BucketWidth, number> = { '1h': 3_600_000, '1d': 86_400_000 };
/** A page chain longer than this is a loop (the API returning the same token), not data. */
const MAX_PAGES_PER_WINDOW = 1000;

export function statePath(out: string): string {
  return `${out}.pull.json`;
}

function loadState(o: PullOptions): PullState {
  const sp = statePath(o.out);
  if (!existsSync(sp)) {
    if (existsSync(o.out) && statSync(o.out).size > 0) {
      throw new ConflictingInputError(`${o.out} exists and was not written by tokenprint pull (no ${sp}); choose another --out`);
    }
    return { version: 1, provider: o.provider, bucket: o.bucket, bytes: 0, windows: {} };
  }
  let s: PullState;
  try {
    s = JSON.parse(readFileSync(sp, 'utf8')) as PullState;
  } catch (e) {
    throw new InvalidInputError('--out', `${sp} is not a readable pull state (${(e as Error).message}); remove it and ${o.out} to pull again`);
  }
  if (s.provider !== o.provider || s.bucket !== o.bucket) {
    throw new ConflictingInputError(`${o.out} holds ${s.provider} buckets of ${s.bucket}; this pull asks for ${o.provider} ${o.bucket}: choose another --out`);
  }
  return s;
}

function saveState(out: string, s: PullState): void {
  const sp = statePath(out);
  writeFileSync(sp + '.tmp', JSON.stringify(s));
  renameSync(sp + '.tmp', sp);
}

export async function pullUsage(o: PullOptions): Promise<PullResult> {
  if (!(o.sinceMs < o.untilMs)) throw new InvalidInputError('--until', 'must be after --since');
  const api = PROVIDER_APIS[o.provider];
  const base = (o.baseUrl ?? api.baseUrl).replace(/\/+$/, '');
  const width = WIDTH_MS[o.bucket];
  // Buckets are snapped to UTC bucket starts by both APIs: pull whole buckets.
  const since = Math.floor(o.sinceMs / width) * width;
  const until = Math.min(Math.ceil(o.untilMs / width) * width, Math.floor(o.nowMs / width) * width);
  const state = loadState(o);
  const step = api.maxBuckets[o.bucket] * width;
  let windows = 0;
  let skipped = 0;
  let pages = 0;
  let buckets = 0;
  let requests = 0;
  let pulledUntil = since;
  const fd = openSync(o.out, existsSync(o.out) ? 'r+' : 'w+');
  try {
    // A run stopped between writing a window and recording it leaves bytes past the recorded ones: cut them.
    if (statSync(o.out).size !== state.bytes) ftruncateSync(fd, state.bytes);
    for (let start = since; start < until; start += step) {
      const end = Math.min(start + step, until);
      windows++;
      if (state.windows[String(start)] === end) {
        skipped++;
        pulledUntil = end;
        continue;
      }
      const lines: string[] = [];
      let page: string | undefined;
      let n = 0;
      const seen = new Set<string>();
      for (;;) {
        const r = await getJson(api.url(base, start, end, o.bucket, page), { headers: api.headers(o.key), keyEnv: api.keyEnv, sleep: o.sleep });
        requests += r.tries;
        const v = r.value as { data?: unknown; has_more?: unknown; next_page?: unknown };
        if (typeof v !== 'object' || v === null || !Array.isArray(v.data)) {
          throw new UsageApiError(`${o.provider} usage API: a page without a data array for ${new Date(start).toISOString()}`);
        }
        lines.push(JSON.stringify(v));
        buckets += v.data.length;
        n++;
        if (v.has_more !== true || typeof v.next_page !== 'string' || v.next_page === '') break;
        if (seen.has(v.next_page) || n >= MAX_PAGES_PER_WINDOW) throw new UsageApiError(`${o.provider} usage API: the page chain for ${new Date(start).toISOString()} does not end (next_page repeats)`);
        seen.add(v.next_page);
        page = v.next_page;
      }
      const text = lines.join('\n') + '\n';
      const written = writeSync(fd, text, state.bytes);
      fsyncSync(fd);
      state.bytes += written;
      state.windows[String(start)] = end;
      saveState(o.out, state);
      pages += n;
      pulledUntil = end;
      o.onWindow?.({ startMs: start, endMs: end, pages: n, buckets: lines.length });
    }
  } finally {
    closeSync(fd);
  }
  return { windows, skipped, pages, buckets, requests, pulledUntilMs: pulledUntil };
}
