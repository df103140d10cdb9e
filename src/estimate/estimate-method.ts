/**
 * One estimation method behind one small interface, in the manner of Cloud Carbon Footprint's one estimator per
 * usage type: `prepare` does the per-subject work once (catalog lookups, the deployment's constants) and the prepared
 * estimator costs a few multiplications per request. Implementations: methods/deployment-physics.ts (a known
 * deployment), methods/provider-profile.ts (an API call on the provider's assumed deployment), methods/ecologits.ts
 * (EcoLogits' published method, for comparison). A new method is one file here plus one line in the registry of the
 * job that offers it (CALL_METHOD_IMPLEMENTATIONS in call-estimate.ts for API calls).
 */

import type { InferenceNumbers, RequestCoefficients } from '../core/inference.js';

/**
 * Per-request numbers written into `out[offset..offset+15)` with no allocation (the core's InferenceNumbers shape:
 * energyWh, carbon location, carbon market, waterMl, embodiedCarbonG; value, low, high each). The token convention is
 * the method's own (documented on it).
 */
export type NumbersWriter = InferenceNumbers;

export interface PreparedEstimate<Tokens, Estimate, Numbers> {
  /** The full estimate of one request: numbers, trace, warnings, request echo. */
  readonly estimate: (tokens: Tokens) => Estimate;
  /** Only the numbers a ledger stores (tokens trusted: the caller validated them); equal to `estimate(t)`'s numbers. */
  readonly perRequest: (tokens: Tokens) => Numbers;
}

export interface EstimateMethod<Subject, Tokens, Estimate, Numbers> {
  /** The method's id as reported (`tokenprint`, `ecologits`, …). */
  readonly id: string;
  prepare(subject: Subject): PreparedEstimate<Tokens, Estimate, Numbers>;
  /** The same numbers as `perRequest`, written with no allocation (the ledger's hot path), where the method has one. */
  prepareNumbers?(subject: Subject): NumbersWriter;
  /**
   * The central per-request numbers as closed-form coefficients (core/inference.ts RequestCoefficients: generated
   * tokens include reasoning), where the method is the physical model: what the warehouse view evaluates in SQL.
   */
  prepareCoefficients?(subject: Subject): RequestCoefficients;
}
