/**
 * Aggregate formats (usage buckets) are read and estimated (aggregate-footprint.ts) but not yet stored as ledger
 * records: ingest refuses them with a clear error before reading anything, rather than dropping their buckets.
 */
import { InvalidInputError } from '../../core/errors.js';
import { readerFor } from '../../sources/usage/formats/registry.js';

export function refuseAggregateFormat(path: string, format: string): void {
  if (readerFor(format)?.kind !== 'aggregate') return;
  throw new InvalidInputError(
    'FILE',
    `${path} holds ${format} buckets (aggregate usage: token totals per time window, not per request). The ledger does not store aggregate records yet, so nothing was ingested; ingest the per-request logs of the same traffic instead (gateway, cloud or observability exports: see --format).`,
    { path, format },
  );
}
