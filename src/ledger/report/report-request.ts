/** The request of a ledger report (`tokenprint report`, the coming HTTP API) as a zod schema. */
import { z } from 'zod';
import { DIMENSIONS } from '../store/queries.js';
import type { ReportOptions } from './report.js';
import type { Assert, SameShape } from '../../estimate/site-request.js';

const day = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date like 2025-06-01 or a month like 2025-06');

export const ReportRequestSchema = z
  .object({
    by: z.array(z.enum(DIMENSIONS)).readonly().optional().describe('dimensions to group by'),
    from: day.optional().describe('first day included'),
    to: day.optional().describe('last day included (a month: the whole month)'),
    factorSet: z.number().int().positive().optional().describe('an earlier factor set (default: the active one)'),
  })
  .strict();

export type ReportRequest = z.infer<typeof ReportRequestSchema>;
/** The API shape is the library's, minus the test clock `now`. */
export type _ReportRequestMatches = Assert<SameShape<ReportRequest, Omit<ReportOptions, 'now'>>>;
