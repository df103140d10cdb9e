/**
 * What a request count covers. The ledger holds per-request rows and aggregate records (usage buckets from provider
 * usage reports, LiteLLM daily tables, vLLM scrapes); a bucket adds its tokens and footprint to every total, and its
 * request count where the source gives one. Anthropic's usage report gives none: such a bucket is named beside the
 * count ("+ 51 buckets of unknown count", as the CLI report says), never turned into a number.
 */
import type { Totals } from './api';

const int = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;

/** `3,157 requests`, or `3,157 requests + 51 buckets of unknown count` when some buckets have no request count. */
export function requestsText(t: Pick<Totals, 'requests' | 'bucketsWithoutRequestCount'>): string {
  const n = plural(t.requests, 'request');
  return t.bucketsWithoutRequestCount > 0 ? `${n} + ${plural(t.bucketsWithoutRequestCount, 'bucket')} of unknown count` : n;
}

/** The attributes a test reads the counts from (the same numbers as GET /v1/report's totals). */
export const bucketAttrs = (t: Pick<Totals, 'buckets' | 'bucketsWithoutRequestCount'>): string =>
  `data-value="${t.buckets}" data-without-count="${t.bucketsWithoutRequestCount}"`;

/**
 * The sentence that says how many usage buckets the figures include and what that means for per-request figures
 * (request counts and shares of requests). Empty when there are none: a page of per-request rows only stays as it was.
 */
export function bucketNote(t: Pick<Totals, 'requests' | 'buckets' | 'bucketsWithoutRequestCount'>): string {
  if (t.buckets === 0) return '';
  const counted = t.buckets - t.bucketsWithoutRequestCount;
  const head = `Includes ${plural(t.buckets, 'usage bucket')} (aggregate records: usage reports, daily tables, metrics scrapes)`;
  if (t.bucketsWithoutRequestCount === 0) return `${head}, each with its request count: their requests are counted in the ${int(t.requests)}.`;
  const split = counted > 0 ? `${int(counted)} with a request count, ${int(t.bucketsWithoutRequestCount)} without` : `none with a request count`;
  const them = t.bucketsWithoutRequestCount === 1 ? 'that one' : `the ${int(t.bucketsWithoutRequestCount)}`;
  return `${head}: ${split}. Energy, carbon, water and tokens include every bucket; request counts and shares of requests cover counted requests only, with no number made up for ${them}.`;
}
