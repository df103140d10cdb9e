/** The view lives in the URL hash (`#/trends?from=2025-06-01&team=search`), so a view can be shared by its link. */
export const FILTERS = ['from', 'to', 'team', 'model', 'region'] as const;
export type Filter = (typeof FILTERS)[number];

export interface View {
  page: string;
  params: URLSearchParams;
}

export function currentView(): View {
  const h = location.hash.replace(/^#\/?/, '');
  const [page, q] = h.split('?');
  return { page: page || 'overview', params: new URLSearchParams(q ?? '') };
}

export function href(page: string, params: URLSearchParams): string {
  const q = params.toString();
  return `#/${page}${q ? `?${q}` : ''}`;
}

/** The report query for the current filters (plus extra parameters). */
export function reportQuery(params: URLSearchParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) q.set(f, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/v1/report?${q.toString()}`;
}
