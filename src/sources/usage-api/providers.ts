/**
 * The two organisation usage APIs `tokenprint pull` reads: where they live, how a window's pages are asked for, and
 * how the next page is named. Shapes and parameters:
 * - OpenAI: GET /v1/organization/usage/completions (start_time, end_time in epoch seconds; bucket_width 1m|1h|1d;
 *   group_by; limit — at most 31 daily or 168 hourly buckets per page; page = previous next_page),
 *   https://platform.openai.com/docs/api-reference/usage/completions, admin key as a Bearer token.
 * - Anthropic: GET /v1/organizations/usage_report/messages (starting_at, ending_at RFC 3339; bucket_width; group_by[];
 *   limit — 31 daily / 168 hourly; page), https://platform.claude.com/docs/en/api/admin-api/usage-cost/get-messages-usage-report,
 *   admin key in x-api-key with anthropic-version 2023-06-01.
 */
export type PullProvider = 'openai' | 'anthropic';
export type BucketWidth = '1h' | '1d';

export interface ProviderApi {
  readonly name: PullProvider;
  readonly baseUrl: string;
  /** Env var holding the admin key. */
  readonly keyEnv: string;
  headers(key: string): Record<string, string>;
  /** URL of one page of the window [startMs, endMs). */
  url(base: string, startMs: number, endMs: number, bucket: BucketWidth, page: string | undefined): string;
  /** Buckets one page may hold (the API's limit for this width). */
  readonly maxBuckets: Record<BucketWidth, number>;
}

const q = (params: [string, string][]) => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

export const PROVIDER_APIS: Record<PullProvider, ProviderApi> = {
  openai: {
    name: 'openai',
    baseUrl: 'https://api.openai.com',
    keyEnv: 'OPENAI_ADMIN_KEY',
    headers: (key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }),
    maxBuckets: { '1h': 168, '1d': 31 },
    url(base, startMs, endMs, bucket, page) {
      const p: [string, string][] = [
        ['start_time', String(Math.floor(startMs / 1000))],
        ['end_time', String(Math.floor(endMs / 1000))],
        ['bucket_width', bucket],
        ['group_by', 'model'],
        ['group_by', 'project_id'],
        ['limit', String(this.maxBuckets[bucket])],
      ];
      if (page !== undefined) p.push(['page', page]);
      return `${base}/v1/organization/usage/completions?${q(p)}`;
    },
  },
  anthropic: {
    name: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    keyEnv: 'ANTHROPIC_ADMIN_API_KEY',
    headers: (key) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    maxBuckets: { '1h': 168, '1d': 31 },
    url(base, startMs, endMs, bucket, page) {
      const p: [string, string][] = [
        ['starting_at', new Date(startMs).toISOString()],
        ['ending_at', new Date(endMs).toISOString()],
        ['bucket_width', bucket],
        ['group_by[]', 'model'],
        ['group_by[]', 'workspace_id'],
        ['limit', String(this.maxBuckets[bucket])],
      ];
      if (page !== undefined) p.push(['page', page]);
      return `${base}/v1/organizations/usage_report/messages?${q(p)}`;
    },
  },
};
