/**
 * GET a JSON page from a usage API, with the retries a rate-limited admin API needs: 429 waits for `Retry-After`
 * (seconds or an HTTP date; capped), 5xx and network errors back off exponentially, up to `attempts` tries. The
 * clock is injected (`sleep`) so tests run without waiting.
 */
import { UsageApiError } from './errors.js';

export interface HttpOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly attempts?: number;
  /** Longest wait honoured from a Retry-After header, ms. */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The env var that holds the key, named in authentication errors. */
  readonly keyEnv: string;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait asked by a Retry-After header, ms (undefined when absent or unreadable). */
export function retryAfterMs(h: string | null, nowMs = Date.now()): number | undefined {
  if (h === null || h.trim() === '') return undefined;
  const s = h.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(0, t - nowMs) : undefined;
}

export async function getJson(url: string, o: HttpOptions): Promise<{ value: unknown; tries: number }> {
  const attempts = o.attempts ?? 6;
  const sleep = o.sleep ?? realSleep;
  const maxWait = o.maxWaitMs ?? 120_000;
  let last = '';
  for (let i = 1; i <= attempts; i++) {
    let res: Response;
    try {
      res = await fetch(url, { headers: o.headers });
    } catch (e) {
      last = `network error: ${(e as Error).message}`;
      if (i < attempts) await sleep(Math.min(maxWait, 500 * 2 ** (i - 1)));
      continue;
    }
    if (res.ok) {
      const text = await res.text();
      try {
        return { value: JSON.parse(text) as unknown, tries: i };
      } catch {
        throw new UsageApiError(`${redact(url)}: the answer is not JSON (${text.slice(0, 120)})`, { url: redact(url) });
      }
    }
    const body = (await res.text()).slice(0, 300);
    if (res.status === 401 || res.status === 403) {
      throw new UsageApiError(`${redact(url)}: HTTP ${res.status} — the key in ${o.keyEnv} is refused (an organisation admin key is needed): ${body}`, { status: res.status });
    }
    if (res.status === 429 || res.status >= 500) {
      last = `HTTP ${res.status}: ${body}`;
      const asked = retryAfterMs(res.headers.get('retry-after'));
      if (i < attempts) await sleep(Math.min(maxWait, asked ?? 1000 * 2 ** (i - 1)));
      continue;
    }
    throw new UsageApiError(`${redact(url)}: HTTP ${res.status}: ${body}`, { status: res.status });
  }
  throw new UsageApiError(`${redact(url)}: gave up after ${attempts} tries (${last}); run the same pull again to resume`, { attempts });
}

/** The URL without its page token (tokens are opaque and long). */
function redact(url: string): string {
  return url.replace(/([?&]page=)[^&]*/, '$1…');
}
