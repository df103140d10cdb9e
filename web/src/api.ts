/** The API client: the read key lives in sessionStorage (this tab only); every call sends it as a Bearer token. */
const KEY = 'tokenprint.key';

export const getKey = (): string | null => sessionStorage.getItem(KEY);
export const setKey = (k: string | null): void => (k ? sessionStorage.setItem(KEY, k) : sessionStorage.removeItem(KEY));

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const k = getKey();
  if (k) headers.set('authorization', `Bearer ${k}`);
  const r = await fetch(path, { ...init, headers });
  if (!r.ok) {
    let code = 'ERROR';
    let detail = `${r.status} ${r.statusText}`;
    try {
      const p = (await r.json()) as { code?: string; detail?: string };
      code = p.code ?? code;
      detail = p.detail ?? detail;
    } catch {
      /* not a problem document */
    }
    throw new ApiError(r.status, code, detail);
  }
  return r;
}

export async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await api(path, init)).json()) as T;
}

/** Downloads what a request returns as a file (the key goes in the header, so a plain link cannot carry it). */
export async function download(path: string, filename: string, init?: RequestInit): Promise<void> {
  const blob = await (await api(path, init)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export interface Range {
  value: number;
  low: number;
  high: number;
}
export interface Totals {
  /** Requests counted: one per per-request row, a bucket's count where its source gives one. */
  requests: number;
  /** Aggregate records (usage buckets) in these totals: their tokens and footprint are included. */
  buckets: number;
  /** Buckets whose source does not count requests (Anthropic's usage report): in no request count or share. */
  bucketsWithoutRequestCount: number;
  inputTokens: number;
  outputTokens: number;
  energyKWh: Range;
  carbonKg: { location: Range; market: Range };
  waterL: Range;
  /** On-site (WUE × IT energy) and off-site (electricity's water) parts; null when rows predate the split (restate). */
  waterOnsiteL: number | null;
  waterOffsiteL: number | null;
  embodiedKg: Range;
  gPer1kTokens: { location: number; market: number };
  /** Shares of the counted requests by tier; `aggregate`: those booked from buckets (any tier). */
  methodMix: Record<string, number>;
}
export interface Report {
  factorSet: number;
  from: string | null;
  to: string | null;
  by: string[];
  rows: (Totals & { keys: Record<string, string> })[];
  total: Totals;
  ghg: {
    scope2: { label: string; energyKWh: Range; locationKg: Range; marketKg: Range };
    scope3Cat1: { label: string; energyKWh: Range; locationKg: Range; marketKg: Range };
    scope3Cat2: { label: string; kg: Range };
    embodiedAmortised: { label: string; kg: Range };
  };
  /** Requests estimated with a named fallback; buckets with that fallback, and those of them without a request count. */
  fallbacks: { note: string; requests: number; buckets: number; bucketsWithoutRequestCount: number }[];
}
