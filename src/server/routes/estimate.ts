/**
 * POST /v1/estimate/{inference,call,training}: the estimate layer's own request schemas (the ones the CLI's flags
 * are parsed into) validate the JSON body and describe it in the OpenAPI document; the answer is what `--json` prints.
 */
import { createRoute } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { InferenceEstimateRequestSchema } from '../../estimate/inference-request.js';
import { estimateInferenceRequest } from '../../estimate/inference-estimate.js';
import { CallRequestSchema, callArguments } from '../../estimate/call-request.js';
import { estimateCall } from '../../estimate/call-estimate.js';
import { TrainingRequestSchema } from '../../estimate/training-request.js';
import { estimateTraining, resolveTrainingInput } from '../../estimate/training-deployment.js';
import { EstimateSchema } from '../schemas.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const est = <S extends ZodType>(path: string, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path,
    tags: ['estimate'],
    summary,
    security: [{ ApiKey: [] }],
    request: { body: { required: true, content: { 'application/json': { schema } } } },
    responses: { 200: { description: 'the estimate with ranges and trace', content: { 'application/json': { schema: EstimateSchema } } }, ...problemResponses([400, 401, 403, 422, 429]) },
  });

const inferenceRoute = est('/v1/estimate/inference', 'One request to a model on known hardware (`tokenprint estimate inference`)', InferenceEstimateRequestSchema);
const callRoute = est('/v1/estimate/call', 'One call to a hosted LLM API (`tokenprint estimate call`)', CallRequestSchema);
const trainingRoute = est('/v1/estimate/training', 'A training run (`tokenprint estimate training`)', TrainingRequestSchema);

/** The estimate as JSON (ranges and trace, as `--json` prints it). */
const asJson = (e: unknown) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>;

export function estimateRoutes(app: App, _deps: ServerDeps): void {
  app.openapi(inferenceRoute, (c) => c.json(asJson(estimateInferenceRequest(c.req.valid('json'))), 200));
  app.openapi(callRoute, (c) => {
    const { input, options } = callArguments(c.req.valid('json'));
    return c.json(asJson(estimateCall(input, options)), 200);
  });
  app.openapi(trainingRoute, (c) => c.json(asJson(estimateTraining(resolveTrainingInput(c.req.valid('json')).input)), 200));
}
