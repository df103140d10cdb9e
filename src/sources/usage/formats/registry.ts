/**
 * Every usage format tokenprint reads, in detection order: specific structures first, tokenprint's own JSONL and
 * CSV last (they take any JSON / CSV no other reader claims). Adding a format: a file in this folder exporting a
 * UsageReader, one line here, a fixture and a test (docs/architecture.md, "Add a usage format").
 */
import type { UsageReader } from '../usage-reader.js';
import { otlpReader } from './otlp.js';
import { bedrockReader } from './bedrock.js';
import { litellmReader } from './litellm.js';
import { litellmPayloadReader } from './litellm-payload.js';
import { langfuseReader } from './langfuse.js';
import { heliconeReader } from './helicone.js';
import { vertexReader } from './vertex.js';
import { openaiUsageReader } from './openai-usage.js';
import { anthropicUsageReader } from './anthropic-usage.js';
import { litellmDailyReader } from './litellm-daily.js';
import { vllmMetricsReader } from './vllm-metrics.js';
import { jsonlReader } from './jsonl.js';
import { csvReader } from './csv.js';

export const USAGE_READERS: readonly UsageReader[] = [
  otlpReader, bedrockReader, litellmReader, litellmPayloadReader, langfuseReader, heliconeReader, vertexReader,
  openaiUsageReader, anthropicUsageReader, litellmDailyReader, vllmMetricsReader, jsonlReader, csvReader,
];

export const USAGE_FORMAT_NAMES: readonly string[] = USAGE_READERS.map((r) => r.format);

export function readerFor(format: string): UsageReader | undefined {
  return USAGE_READERS.find((r) => r.format === format);
}
