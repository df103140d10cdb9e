/**
 * Errors as RFC 9457 `application/problem+json`, with the same stable codes as the CLI's errors (core/errors.ts)
 * plus the HTTP-only ones. `detail` is the same sentence the CLI prints; no stack trace ever leaves the server.
 */
import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { TokenprintError, type ErrorCode } from '../core/errors.js';

export type ServerCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'UNSUPPORTED_MEDIA_TYPE' | 'IDEMPOTENCY_CONFLICT' | 'ROUTE_NOT_FOUND' | 'INTERNAL';
export type ProblemCode = ErrorCode | ServerCode;

export const ProblemSchema = z
  .object({
    type: z.string().describe('urn:tokenprint:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable error code, the same as the CLI error codes (INVALID_INPUT, UNKNOWN_ID, …)'),
    field: z.string().optional().describe('the parameter or body field that was wrong'),
    requestId: z.string().optional(),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

const STATUS: Record<ProblemCode, number> = {
  INVALID_INPUT: 400,
  UNKNOWN_ID: 400,
  CONFLICTING_INPUT: 409,
  INFEASIBLE: 422,
  NOT_FOUND: 404,
  IO_ERROR: 500,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_CONFLICT: 422,
  ROUTE_NOT_FOUND: 404,
  INTERNAL: 500,
};

/** The CLI's own codes (an HTTP status maps to an HTTP-only code first). */
const ERROR_CODES = { INVALID_INPUT: 1, UNKNOWN_ID: 1, CONFLICTING_INPUT: 1, INFEASIBLE: 1, NOT_FOUND: 1, IO_ERROR: 1 } satisfies Record<ErrorCode, 1>;

const TITLE: Record<ProblemCode, string> = {
  INVALID_INPUT: 'Invalid input',
  UNKNOWN_ID: 'Unknown id',
  CONFLICTING_INPUT: 'Conflicting input',
  INFEASIBLE: 'Infeasible request',
  NOT_FOUND: 'Not found',
  IO_ERROR: 'Storage error',
  UNAUTHORIZED: 'Missing, unknown or revoked API key',
  FORBIDDEN: "The key's role does not allow this",
  PAYLOAD_TOO_LARGE: 'Request body too large',
  RATE_LIMITED: 'Too many requests',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  IDEMPOTENCY_CONFLICT: 'Idempotency-Key reused with a different body',
  ROUTE_NOT_FOUND: 'No such endpoint',
  INTERNAL: 'Internal error',
};

export function problem(code: ProblemCode, detail: string, extra: { field?: string; requestId?: string } = {}): Problem {
  return { type: `urn:tokenprint:problem:${code.toLowerCase().replace(/_/g, '-')}`, title: TITLE[code], status: STATUS[code], detail, code, ...extra };
}

/** An error raised inside a route that should become a given problem (the HTTP-only codes). */
export class HttpProblem extends Error {
  constructor(
    readonly code: ServerCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Any thrown value → a problem; unexpected errors say only that they happened (the log has the rest). */
export function problemFor(err: unknown, requestId: string): { body: Problem; headers: Record<string, string>; unexpected: boolean } {
  if (err instanceof HttpProblem) return { body: problem(err.code, err.message, { requestId }), headers: err.headers, unexpected: false };
  if (err instanceof HTTPException) {
    // Raised by the framework itself (e.g. a Content-Type the route does not declare).
    const code = (Object.keys(STATUS) as ProblemCode[]).find((k) => STATUS[k] === err.status && !(k in ERROR_CODES)) ?? (err.status < 500 ? 'INVALID_INPUT' : 'INTERNAL');
    return { body: problem(code, err.status === 415 ? 'this Content-Type is not accepted here; see /openapi.json for the media types of each endpoint' : err.message, { requestId }), headers: {}, unexpected: err.status >= 500 };
  }
  if (err instanceof TokenprintError) {
    const field = typeof err.details.field === 'string' ? err.details.field : undefined;
    const body = problem(err.code, err.message, { field, requestId });
    return { body, headers: {}, unexpected: err.code === 'IO_ERROR' };
  }
  return { body: problem('INTERNAL', `the server failed on this request (request id ${requestId}); the server log has the details`, { requestId }), headers: {}, unexpected: true };
}
