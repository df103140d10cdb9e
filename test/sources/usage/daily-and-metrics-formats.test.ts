/**
 * The LiteLLM daily spend tables and vLLM metric scrapes, read as buckets from fixtures written from their documented
 * shapes (LiteLLM's Prisma migrations for the daily tables; vLLM's /metrics exposition): token conventions, request
 * counts, windows, counter resets, and refusals with their line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsage } from '../../../src/sources/usage/reader.js';
import { detectFormat } from '../../../src/sources/usage/detect.js';
import type { UsageAggregate } from '../../../src/sources/usage/aggregate.js';

async function read(path: string) {
  const aggs: UsageAggregate[] = [];
  const lines: number[] = [];
  const rejects: string[] = [];
  let ignored = 0;
  for await (const b of readUsage(path)) {
    for (const a of b.aggregates ?? []) {
      aggs.push(a.aggregate);
      lines.push(a.line);
    }
    for (const r of b.records) if (!r.ok) rejects.push(`${r.line}: ${r.reason}`);
    ignored += b.ignoredSpans;
  }
  return { aggs, lines, rejects, ignored };
}

const DAY = Date.parse('2025-06-01T00:00:00Z');

test('LiteLLM daily team spend (CSV): one bucket per row, prompt tokens include the cache reads, api_requests counted', async () => {
  const f = 'test/fixtures/usage/litellm-daily-team-spend.csv';
  assert.equal((await detectFormat(f)).format, 'litellm-daily');
  const { aggs, rejects, lines } = await read(f);
  assert.equal(aggs.length, 3);
  const [a, b, c] = aggs;
  assert.deepEqual([a.provider, a.model, a.requests, a.inputTokens, a.cachedInputTokens, a.outputTokens, a.team], ['openai', 'gpt-4o-mini', 60, 120000, 40000, 30000, 'team-support']);
  assert.deepEqual([a.startMs, a.endMs], [DAY, DAY + 86_400_000]);
  assert.equal(a.groups.api_key, '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b');
  assert.deepEqual([b.provider, b.requests, b.inputTokens, b.cachedInputTokens], ['anthropic', 25, 80000, 30000]);
  // A self-hosted model group is the deployment.
  assert.deepEqual([c.provider, c.deployment, c.model], ['self-hosted', 'llama-70b-paris', 'llama-3.1-70b-instruct']);
  assert.deepEqual(lines, [2, 3, 4]);
  assert.equal(rejects.length, 2);
  assert.match(rejects[0], /^5: cached input tokens \(5000\) exceed input tokens \(1000\)/);
  assert.match(rejects[1], /^6: date: expected a day like 2025-06-01, got 'June 3'/);
});

test('LiteLLM daily spend (JSON rows): the same mapping; a table without api_requests has an unknown request count', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-daily-'));
  try {
    const f = join(dir, 'daily-user.json');
    // LiteLLM_DailyUserSpend as first created (no api_requests column, no cache columns).
    writeFileSync(f, JSON.stringify([{ id: 'x1', user_id: 'u-1', date: '2025-06-04', api_key: 'k', model: 'gpt-4o', model_group: 'gpt-4o', custom_llm_provider: 'openai', prompt_tokens: 900, completion_tokens: 100, spend: 0.01 }]));
    assert.equal((await detectFormat(f)).format, 'litellm-daily');
    const { aggs, rejects } = await read(f);
    assert.deepEqual(rejects, []);
    assert.deepEqual([aggs[0].requests, aggs[0].inputTokens, aggs[0].cachedInputTokens, aggs[0].app, aggs[0].groups.user_id], [undefined, 900, 0, 'u-1', 'u-1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vLLM scrapes: counter increases per window, finished reasons summed, a restart counted from 0, a bad sample refused', async () => {
  const f = 'test/fixtures/usage/vllm-scrapes.prom';
  assert.equal((await detectFormat(f)).format, 'vllm-metrics');
  const { aggs, rejects, lines } = await read(f);
  assert.equal(aggs.length, 2);
  const [w1, w2] = aggs;
  const t = (s: string) => Date.parse(`2025-06-01T${s}:00Z`);
  assert.deepEqual([w1.startMs, w1.endMs, w1.requests, w1.inputTokens, w1.cachedInputTokens, w1.outputTokens], [t('10:00'), t('10:05'), 10, 12000, 4000, 2 * 1500]);
  // After the restart each counter's value is what it counted since (the stop reason only; prefix hits back at 0).
  assert.deepEqual([w2.startMs, w2.endMs, w2.requests, w2.inputTokens, w2.cachedInputTokens, w2.outputTokens], [t('10:05'), t('10:10'), 4, 5000, 0, 1000]);
  assert.deepEqual([w1.provider, w1.deployment, w1.groups], ['self-hosted', 'llama-70b-paris', { model_name: 'llama-70b-paris' }]);
  assert.deepEqual(lines, [20, 26]);
  assert.equal(rejects.length, 1);
  assert.match(rejects[0], /^30: vllm:generation_tokens_total: '-3' is not a counter value/);
});

test('vLLM scrapes: tokens of requests still running are carried into the next window; samples need a time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-vllm-'));
  try {
    const f = join(dir, 'v.prom');
    const s = (name: string, v: number, ms: number) => `vllm:${name}{model_name="m"} ${v} ${ms}`;
    const t0 = Date.parse('2025-06-01T00:00:00Z');
    const m = 60_000;
    writeFileSync(
      f,
      [
        '# TYPE vllm:prompt_tokens_total counter',
        s('prompt_tokens_total', 0, t0), s('generation_tokens_total', 0, t0), s('request_success_total', 0, t0),
        // Minute 1: a long request prefilled, not finished yet.
        s('prompt_tokens_total', 800, t0 + m), s('generation_tokens_total', 50, t0 + m), s('request_success_total', 0, t0 + m),
        // Minute 2: nothing new at all would be an idle window; here it finishes.
        s('prompt_tokens_total', 800, t0 + 2 * m), s('generation_tokens_total', 300, t0 + 2 * m), s('request_success_total', 1, t0 + 2 * m),
        // Minute 3: idle.
        s('prompt_tokens_total', 800, t0 + 3 * m), s('generation_tokens_total', 300, t0 + 3 * m), s('request_success_total', 1, t0 + 3 * m),
        'vllm:prompt_tokens_total{model_name="m"} 900',
      ].join('\n') + '\n',
    );
    const { aggs, rejects, ignored } = await read(f);
    assert.equal(aggs.length, 1);
    assert.deepEqual([aggs[0].startMs, aggs[0].endMs, aggs[0].requests, aggs[0].inputTokens, aggs[0].outputTokens], [t0, t0 + 2 * m, 1, 800, 300]);
    assert.equal(ignored, 1, 'the idle minute is not usage');
    assert.equal(rejects.length, 1);
    assert.match(rejects[0], /^14: .*no timestamp/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vLLM scrapes are streamed batch by batch, and an ingest resumed at any batch checkpoint books every bucket, refusal and blank line once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-vllm-'));
  try {
    const f = join(dir, 'big.prom');
    const t0 = Date.parse('2025-06-01T00:00:00Z');
    const m = 60_000;
    const lines: string[] = ['# TYPE vllm:prompt_tokens_total counter'];
    // Server a scrapes every minute with traffic in 4 minutes of 5 (one idle window in 5); server b joins later and
    // has a long request running across many windows (its tokens carried until it finishes); a few bad and blank lines.
    let a = 0;
    let bTokens = 0;
    for (let i = 0; i < 14_000; i++) {
      const t = t0 + i * m;
      if (i % 5 !== 4) a++;
      lines.push(`vllm:prompt_tokens_total{model_name="a",instance="x:8000"} ${a * 100} ${t}`);
      lines.push(`vllm:generation_tokens_total{model_name="a",instance="x:8000"} ${a * 10} ${t}`);
      lines.push(`vllm:request_success_total{model_name="a",instance="x:8000"} ${a} ${t}`);
      if (i >= 3000) {
        bTokens += 7;
        lines.push(`vllm:prompt_tokens_total{model_name="b"} ${bTokens} ${t}`);
        lines.push(`vllm:request_success_total{model_name="b"} ${Math.floor(i / 4000)} ${t}`);
      }
      if (i % 2500 === 7) lines.push('', 'vllm:prompt_tokens_total{model_name="a",instance="x:8000"} nope');
    }
    writeFileSync(f, lines.join('\n') + '\n');
    type Item = string;
    const items = (b: { records: readonly { line: number; ok: boolean }[]; aggregates?: readonly { line: number; aggregate: UsageAggregate }[]; blankLines?: number; ignoredSpans: number }): Item[] => [
      ...b.records.map((r) => `r${r.line}`),
      ...(b.aggregates ?? []).map((x) => `a${x.line}:${x.aggregate.key}:${x.aggregate.inputTokens}`),
      ...Array.from({ length: b.blankLines ?? 0 }, () => 'blank'),
      ...Array.from({ length: b.ignoredSpans }, () => 'ignored'),
    ];
    const full: { lastLine: number; items: Item[] }[] = [];
    for await (const b of readUsage(f)) full.push({ lastLine: b.lastLine, items: items(b) });
    assert.ok(full.filter((b) => b.items.some((x) => x.startsWith('a'))).length > 1, 'buckets come in more than one batch (streamed)');
    for (let i = 1; i < full.length; i++) assert.ok(full[i].lastLine >= full[i - 1].lastLine, 'checkpoints never go back');
    const all = full.flatMap((b) => b.items);
    assert.equal(all.filter((x) => x === 'blank').length, 6);
    assert.equal(all.filter((x) => x.startsWith('r')).length, 6);
    for (let i = 0; i < full.length - 1; i++) {
      const rest: Item[] = [];
      for await (const b of readUsage(f, { skipLines: full[i].lastLine })) rest.push(...items(b));
      assert.deepEqual(rest.sort(), full.slice(i + 1).flatMap((b) => b.items).sort(), `resumed after line ${full[i].lastLine}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
