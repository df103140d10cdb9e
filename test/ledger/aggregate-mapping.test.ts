/**
 * The config's mapping applies to aggregate buckets as to per-request rows (docs/config.md, "mapping"), on every
 * store: OpenAI `project_id` / `api_key_id`, Anthropic `workspace_id` / `api_key_id` and LiteLLM daily `team_id` /
 * `api_key` → team and app; Anthropic `inference_geo` → grid zone; provider model ids → catalog models; unknown
 * bucket models listed once per ingest (a bucket counted once). CLI ingest, then `report --by team,app,region,model`;
 * a changed mapping re-applies on `restate`.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { targets } from './helpers/stores.js';

const FIX = 'test/fixtures/mapping';
const FILES = ['openai-usage-buckets.json', 'anthropic-usage-buckets.json', 'litellm-daily-buckets.csv'].map((f) => join(FIX, f));

interface ReportRow {
  keys: Record<string, string>;
  buckets: number;
  requests: number;
  inputTokens: number;
  carbonKg: { location: { value: number } };
}

async function report(db: string): Promise<Map<string, ReportRow>> {
  const r = await runCli(['report', '--db', db, '--by', 'team,app,region,model', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = (JSON.parse(r.stdout) as { rows: ReportRow[] }).rows;
  return new Map(rows.map((x) => [`${x.keys.team}|${x.keys.app}|${x.keys.region}|${x.keys.model}`, x]));
}

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tp-aggmap-'));
  dirs.push(d);
  return d;
};
const stores = targets();
after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const t of stores) await t.cleanup();
});

for (const target of stores) {
  test(`${target.name}: bucket grouping keys map to team/app, inference_geo to a zone, provider model ids to catalog models; restate re-applies a changed mapping`, async () => {
    const db = await target.fresh();
    const cfg = join(FIX, 'tokenprint.yaml');
    const i = await runCli(['ingest', '--config', cfg, '--db', db, '--json', ...FILES]);
    assert.equal(i.code, 0, i.stderr);
    const s = JSON.parse(i.stdout) as { read: number; accepted: number; rejected: number; duplicates: number; unknownModels?: { provider: string; model: string; events: number; outcome: string }[]; unmappedGeos?: unknown[] };
    assert.deepEqual([s.read, s.accepted, s.rejected, s.duplicates], [9, 7, 2, 0]);
    // The fine-tuned id is in two buckets (of 2 and 3 requests): listed once, counted once per bucket.
    assert.deepEqual(s.unknownModels, [{ provider: 'openai', model: 'ft:gpt-9-acme', events: 2, outcome: 'rejected' }]);
    const by = await report(db);
    const keys = [...by.keys()].sort();
    assert.deepEqual(keys, [
      'finance|reports|(provider default)|claude-sonnet-4-20250514', // Anthropic api_key_id
      'finance|reports|(provider default)|gpt-4o-mini', // LiteLLM daily api_key (the API-key rule comes before the team-id one)
      'finance|reports|(provider default)|prod-gpt4o-eu', // OpenAI api_key_id
      'legal|(none)|US-MIDA-PJM|claude-sonnet-4-20250514', // Anthropic workspace_id; inference_geo 'us' → zone
      'search|answer-engine|(provider default)|gpt-4o-mini-2024-07-18', // OpenAI project_id
      'support|(none)|(provider default)|gpt-4o-mini', // LiteLLM daily team_id
      'team_other|(none)|(provider default)|prod-gpt4o-eu', // no rule matches: the reader's team kept
    ]);
    assert.equal(by.get('legal|(none)|US-MIDA-PJM|claude-sonnet-4-20250514')?.inputTokens, 30000);
    assert.equal(by.get('support|(none)|(provider default)|gpt-4o-mini')?.requests, 12);
    // An unmapped inference_geo ('global') keeps the provider's configured region: the bucket is booked, not refused,
    // and the summary names the value once, with the zone used instead (no providers.anthropic.region here: the
    // catalog's default).
    assert.equal(by.get('finance|reports|(provider default)|claude-sonnet-4-20250514')?.buckets, 1);
    assert.deepEqual(s.unmappedGeos, [{ provider: 'anthropic', geo: 'global', zone: 'US', from: 'catalog', buckets: 1 }]);
    // The Azure deployment name is booked as gpt-4o (its mapped catalog model): the same bucket under its catalog
    // id gives the same footprint (tolerance: float rounding only).
    const dir = tmp();
    const ref = join(dir, 'ref.csv');
    const csv = readFileSync(join(FIX, 'litellm-daily-buckets.csv'), 'utf8').split('\n');
    writeFileSync(ref, [csv[0], csv[3].replaceAll('prod-gpt4o-eu', 'gpt-4o')].join('\n') + '\n');
    const refDb = await target.fresh();
    assert.equal((await runCli(['ingest', '--db', refDb, ref])).code, 0);
    const want = [...(await report(refDb)).values()][0].carbonKg.location.value;
    const got = by.get('team_other|(none)|(provider default)|prod-gpt4o-eu')?.carbonKg.location.value ?? NaN;
    assert.ok(want > 0 && Math.abs(got - want) <= 1e-9 * want, `${got} vs ${want}`);

    // A changed mapping: the workspace goes to another team, 'us' to another zone, 'global' now mapped too.
    const cfg2 = join(dir, 'tokenprint.yaml');
    writeFileSync(
      cfg2,
      readFileSync(cfg, 'utf8')
        .replace('team: legal', 'team: compliance')
        .replace('us: US-MIDA-PJM', 'us: FR\n    global: DE'),
    );
    const r = await runCli(['restate', '--config', cfg2, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const after2 = await report(db);
    assert.ok(after2.has('compliance|(none)|FR|claude-sonnet-4-20250514'), [...after2.keys()].join('\n'));
    assert.ok(after2.has('finance|reports|DE|claude-sonnet-4-20250514'), [...after2.keys()].join('\n'));
    assert.ok(!after2.has('legal|(none)|US-MIDA-PJM|claude-sonnet-4-20250514'));
    assert.equal(after2.get('compliance|(none)|FR|claude-sonnet-4-20250514')?.inputTokens, 30000);
  });
}

test('without a mapping the same buckets keep the readers’ labels and the provider region; the Azure deployment name is unknown', async () => {
  const db = join(tmp(), 'l.duckdb');
  const i = await runCli(['ingest', '--db', db, '--json', ...FILES]);
  assert.equal(i.code, 0, i.stderr);
  const s = JSON.parse(i.stdout) as { accepted: number; unknownModels?: { provider: string; model: string; events: number }[] };
  assert.equal(s.accepted, 5);
  assert.deepEqual((s.unknownModels ?? []).map((u) => `${u.provider} ${u.model} ${u.events}`).sort(), ['azure-openai prod-gpt4o-eu 1', 'openai ft:gpt-9-acme 2', 'openai prod-gpt4o-eu 1']);
  const keys = [...(await report(db)).keys()];
  assert.ok(keys.every((k) => !/search|legal|finance|US-MIDA-PJM/.test(k)), keys.join('\n'));
  assert.ok(keys.includes('team_7f3a|(none)|(provider default)|gpt-4o-mini'), keys.join('\n'));
});
