/** Aggregate formats: OpenAI Usage API completions pages and Anthropic usage-report pages, read as buckets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { detectFormat } from '../../../src/sources/usage/detect.js';
import type { UsageAggregate } from '../../../src/sources/usage/aggregate.js';

async function read(path: string) {
  const aggs: UsageAggregate[] = [];
  const rejects: string[] = [];
  for await (const b of readUsage(path)) {
    for (const a of b.aggregates ?? []) aggs.push(a.aggregate);
    for (const r of b.records) if (!r.ok) rejects.push(`${r.line}: ${r.reason}`);
  }
  return { aggs, rejects };
}

test('OpenAI completions buckets: input includes cached, the request count is num_model_requests, the key is the bucket', async () => {
  const f = 'test/fixtures/usage/openai-usage-completions.json';
  assert.equal((await detectFormat(f)).format, 'openai-usage');
  const { aggs, rejects } = await read(f);
  assert.equal(aggs.length, 2);
  const a = aggs[0];
  assert.deepEqual([a.provider, a.model, a.requests, a.inputTokens, a.cachedInputTokens, a.outputTokens], ['openai', 'gpt-4o-mini-2024-07-18', 5, 1000, 800, 500]);
  assert.deepEqual([a.startMs, a.endMs], [Date.parse('2025-06-01T00:00:00Z'), Date.parse('2025-06-02T00:00:00Z')]);
  assert.deepEqual(a.groups, { project_id: 'proj_support' });
  assert.equal(a.key, 'agg:openai:1748736000000-1748822400000:gpt-4o-mini-2024-07-18?project_id=proj_support');
  assert.deepEqual(aggs[1].groups, { project_id: 'proj_eng', batch: 'false' });
  assert.equal(rejects.length, 1);
  assert.match(rejects[0], /group_by=model/);
});

test('Anthropic usage report: input = uncached + cache creation + cache read, no request count', async () => {
  const f = 'test/fixtures/usage/anthropic-usage-report.json';
  assert.equal((await detectFormat(f)).format, 'anthropic-usage');
  const { aggs, rejects } = await read(f);
  assert.deepEqual(rejects, []);
  const [a] = aggs;
  assert.deepEqual([a.provider, a.model, a.requests, a.inputTokens, a.cachedInputTokens, a.outputTokens], ['anthropic', 'claude-sonnet-4-20250514', undefined, 1500 + 1000 + 500 + 200, 200, 500]);
  assert.equal(a.groups.workspace_id, 'wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ');
  assert.equal(a.endMs - a.startMs, 86_400_000);
});
