/**
 * Prometheus metrics (text exposition format 0.0.4), served at /metrics: requests by route and status, request
 * latency histogram, events read/accepted/rejected/duplicated (read = accepted + rejected + duplicates, as the CLI
 * counts), blank lines of the bodies (not records: counted beside read, as `tokenprint ingest` reports them), and the
 * footprint the server's ingests booked.
 */
const BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, { counts: number[]; sum: number; n: number }>();
  readonly footprint = { energyWh: 0, carbonLocationG: 0, carbonMarketG: 0, waterL: 0 };

  observe(route: string, method: string, status: number, seconds: number): void {
    const k = `method="${method}",route="${route}",status="${status}"`;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    const lk = `method="${method}",route="${route}"`;
    const h = this.latency.get(lk) ?? { counts: BUCKETS_S.map(() => 0), sum: 0, n: 0 };
    BUCKETS_S.forEach((b, i) => {
      if (seconds <= b) h.counts[i]++;
    });
    h.sum += seconds;
    h.n++;
    this.latency.set(lk, h);
  }

  render(events: { read: number; accepted: number; rejected: number; duplicates: number; blank: number }): string {
    const out: string[] = [];
    out.push('# HELP tokenprint_http_requests_total HTTP requests by route and status.', '# TYPE tokenprint_http_requests_total counter');
    for (const [k, v] of this.requests) out.push(`tokenprint_http_requests_total{${k}} ${v}`);
    out.push('# HELP tokenprint_http_request_duration_seconds Request latency.', '# TYPE tokenprint_http_request_duration_seconds histogram');
    for (const [k, h] of this.latency) {
      BUCKETS_S.forEach((b, i) => out.push(`tokenprint_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`));
      out.push(`tokenprint_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.n}`);
      out.push(`tokenprint_http_request_duration_seconds_sum{${k}} ${h.sum}`, `tokenprint_http_request_duration_seconds_count{${k}} ${h.n}`);
    }
    out.push('# HELP tokenprint_events_total Usage events posted, by outcome (read = accepted + rejected + duplicate).', '# TYPE tokenprint_events_total counter');
    for (const o of ['read', 'accepted', 'rejected', 'duplicates'] as const) out.push(`tokenprint_events_total{outcome="${o}"} ${events[o]}`);
    out.push('# HELP tokenprint_blank_lines_total Blank lines in posted bodies (not records, so not in read).', '# TYPE tokenprint_blank_lines_total counter');
    out.push(`tokenprint_blank_lines_total ${events.blank}`);
    return out.join('\n') + '\n';
  }
}
