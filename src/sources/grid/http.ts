/**
 * The HTTP edge shared by the live grid adapters: JSON GET with clear errors for missing credentials, rejected
 * credentials, rate limits (with the Retry-After the provider sent) and other failures. Base URLs are always
 * overridable so tests can point the adapters at recorded responses on 127.0.0.1.
 */
import { InvalidInputError, TokenprintError } from '../../core/errors.js';

/** A grid provider failed (network, HTTP error, rate limit, unexpected payload). Exit code 1. */
export class GridSourceError extends TokenprintError {
  readonly status?: number;
  /** Seconds the provider asked us to wait (HTTP 429 Retry-After), when it said. */
  readonly retryAfterS?: number;
  constructor(message: string, details: { provider: string; url?: string; status?: number; retryAfterS?: number }) {
    super('IO_ERROR', message, details);
    this.status = details.status;
    this.retryAfterS = details.retryAfterS;
  }
}

export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface HttpDeps {
  readonly fetch?: FetchLike;
  /** Environment to read credentials from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads a credential from the environment or throws naming the variable and what to do. */
export function requireEnv(env: Readonly<Record<string, string | undefined>>, name: string, provider: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') {
    throw new InvalidInputError(
      name,
      `is not set: the ${provider} adapter needs it. Export ${name}=… (see docs/planning.md#grid-signals), or use --source static|file:PATH.`,
      { provider, envVar: name },
    );
  }
  return v.trim();
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(h: string | null, nowMs: number): number | undefined {
  if (h === null || h.trim() === '') return undefined;
  const s = Number(h);
  if (Number.isFinite(s) && s >= 0) return s;
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, Math.round((at - nowMs) / 1000)) : undefined;
}

export async function getJson(
  provider: string,
  url: string,
  headers: Record<string, string>,
  deps: HttpDeps,
  credentialHint: string,
): Promise<unknown> {
  const f: FetchLike = deps.fetch ?? ((u, i) => fetch(u, i));
  let res: Response;
  try {
    res = await f(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new GridSourceError(`${provider}: could not reach ${redact(url)}: ${(e as Error).message}`, { provider, url: redact(url) });
  }
  if (res.status === 429) {
    const retryAfterS = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    const wait = retryAfterS === undefined ? 'it did not say for how long' : `retry after ${retryAfterS} s`;
    throw new GridSourceError(`${provider}: rate limit reached (HTTP 429); ${wait}.`, {
      provider,
      url: redact(url),
      status: 429,
      retryAfterS,
    });
  }
  if (res.status === 401 || res.status === 403) {
    throw new GridSourceError(`${provider}: credentials rejected (HTTP ${res.status}); check ${credentialHint}.`, {
      provider,
      url: redact(url),
      status: res.status,
    });
  }
  const text = await res.text();
  if (!res.ok) {
    throw new GridSourceError(`${provider}: HTTP ${res.status} from ${redact(url)}: ${text.slice(0, 200)}`, {
      provider,
      url: redact(url),
      status: res.status,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GridSourceError(`${provider}: response from ${redact(url)} is not JSON: ${text.slice(0, 120)}`, {
      provider,
      url: redact(url),
      status: res.status,
    });
  }
}

/** Drops query strings that could carry secrets from URLs placed in messages. */
function redact(url: string): string {
  return url.replace(/(token|password|key)=[^&]*/gi, '$1=…');
}

/** Narrowing helpers for provider payloads (validated at the edge, once). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function unexpected(provider: string, what: string): GridSourceError {
  return new GridSourceError(`${provider}: unexpected response shape: ${what}`, { provider });
}

export function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}
