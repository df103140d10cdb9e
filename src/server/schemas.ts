/**
 * Request and response schemas of the HTTP API (zod, with OpenAPI metadata): the same schemas validate requests and
 * generate /openapi.json. Query parameters are strings on the wire; each pattern below is the whole contract.
 */
import { z } from '@hono/zod-openapi';
import { DIMENSIONS } from '../ledger/report/report.js';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const dimsPattern = `^(${DIMENSIONS.join('|')})(,(${DIMENSIONS.join('|')}))*$`;
/** A filter value: a team, model or region name as the ledger stores it (no control characters). */
const filterValue = z.string().min(1).max(200).regex(/^[^\u0000-\u001f]+$/, 'printable characters only');

export const ReportQuery = z.object({
  by: z.string().regex(new RegExp(dimsPattern), `comma-separated dimensions: ${DIMENSIONS.join(', ')}`).optional().openapi({ example: 'team,model' }),
  from: z.string().regex(DATE, 'a date like 2025-06-01 or 2025-06').optional().openapi({ example: '2025-06' }),
  to: z.string().regex(DATE, 'a date like 2025-06-30 or 2025-06').optional().openapi({ example: '2025-06' }),
  factorSet: z.string().regex(/^[1-9]\d{0,8}$/, 'a factor set number').optional(),
  team: filterValue.optional().describe('only this team (rows and total; the GHG view is of the whole ledger)'),
  model: filterValue.optional().describe('only this model'),
  provider: filterValue.optional().describe('only this provider'),
  region: filterValue.optional().describe('only this grid zone or region'),
  format: z.enum(['json', 'csv', 'md', 'html']).default('json'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const RangeSchema = z.object({ value: z.number(), low: z.number(), high: z.number() }).openapi('Range');
const TotalsSchema = z
  .object({
    requests: z.number(),
    // Aggregate records (usage buckets) in the totals, and those without a request count (their tokens and footprint
    // are included, their requests are not in `requests`; docs/ledger.md).
    buckets: z.number(),
    bucketsWithoutRequestCount: z.number(),
    inputTokens: z.number(),
    cachedInputTokens: z.number(),
    outputTokens: z.number(),
    reasoningTokens: z.number(),
    energyKWh: RangeSchema,
    carbonKg: z.object({ location: RangeSchema, market: RangeSchema }),
    waterL: RangeSchema,
    // On-site (cooling) and off-site (electricity) parts of waterL.value, central, L; null for rows not yet restated
    // after a schema-3 ledger was migrated (docs/ledger.md).
    waterOnsiteL: z.number().nullable(),
    waterOffsiteL: z.number().nullable(),
    embodiedKg: RangeSchema,
    gPer1kTokens: z.object({ location: z.number(), market: z.number() }),
    methodMix: z.object({ measured: z.number(), 'modeled:deployment': z.number(), 'modeled:provider': z.number(), aggregate: z.number() }),
  })
  .openapi('Totals');

export const ReportSchema = z
  .object({
    factorSet: z.number(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    by: z.array(z.enum(DIMENSIONS)).readonly(),
    filters: z.record(z.string(), z.string()),
    rows: z.array(TotalsSchema.extend({ keys: z.record(z.string(), z.string()) })).readonly(),
    total: TotalsSchema,
    ghg: z.object({ scope2: z.unknown(), scope3Cat1: z.unknown(), scope3Cat2: z.unknown(), embodiedAmortised: z.unknown() }).describe('GHG view: scope 2, scope 3 cat. 1, scope 3 cat. 2, amortised embodied (of the whole period, not filtered)'),
    fallbacks: z.array(z.object({ note: z.string(), requests: z.number(), buckets: z.number(), bucketsWithoutRequestCount: z.number() })).readonly(),
    generatedAt: z.string(),
  })
  .openapi('Report');

export const RejectsQuery = z.object({
  ingest: z.string().regex(/^[1-9]\d{0,8}$/, 'an ingest number').optional(),
  limit: z.string().regex(/^[1-9]\d{0,4}$/, 'a number from 1 to 99999').default('100'),
});

export const RejectsSchema = z
  .object({
    total: z.number(),
    rejects: z.array(z.object({ ingest: z.number(), request: z.string(), line: z.number(), reason: z.string(), raw: z.string().nullable() })),
  })
  .openapi('Rejects');

export const BatchResultSchema = z
  .object({
    requestId: z.string(),
    ingestId: z.number(),
    factorSet: z.number(),
    format: z.string(),
    read: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    duplicates: z.number(),
    ignoredSpans: z.number(),
    blank: z.number().openapi({ description: 'blank (whitespace-only) lines of the body: not records, so beside read, not in it' }),
  })
  .openapi('BatchResult');

export const EstimateSchema = z.record(z.string(), z.unknown()).openapi('Estimate', { description: 'the estimate as `tokenprint estimate … --json` prints it (ranges and trace)' });
