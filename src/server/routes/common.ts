import { ProblemSchema } from '../problem.js';

const WHY: Record<number, string> = {
  400: 'invalid input (problem+json names the field)',
  401: 'missing, unknown or revoked API key',
  403: "the key's role does not allow this",
  404: 'not found',
  409: 'conflict',
  413: 'body larger than the server allows',
  415: 'unsupported Content-Type',
  422: 'valid but infeasible, or an Idempotency-Key reused with another body',
  429: 'rate limited (see Retry-After)',
};

/** The problem+json responses a route can give, for the OpenAPI document. */
export function problemResponses(codes: readonly number[]): Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> {
  return Object.fromEntries(codes.map((s) => [s, { description: WHY[s] ?? 'error', content: { 'application/problem+json': { schema: ProblemSchema } } }]));
}
