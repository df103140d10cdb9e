/**
 * The config's mapping (docs/config.md, "mapping"): one fixture per kind — project, workspace, API key, team id,
 * IAM role and tag → team/app; provider region and inference_geo → grid zone; Bedrock inference-profile ARN,
 * Vertex endpoint resource name and Azure deployment name → catalog model. Targets are validated when the config
 * loads; unknown provider models are listed once per ingest with their counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig, type LedgerConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest, type IngestSummary } from '../../src/ledger/ingest/ingest.js';
import { roleKey } from '../../src/ledger/mapping.js';
import { runCli } from '../helpers/cli.js';

const FIX = 'test/fixtures/mapping';
const mapped = () => parseConfig(readFileSync(join(FIX, 'tokenprint.yaml'), 'utf8'), 'tokenprint.yaml');

async function ingestRows(config: LedgerConfig, file: string): Promise<{ s: IngestSummary; rows: Record<string, unknown>[] }> {
  const store = await openStore(':memory:');
  try {
    const s = await ingest(store, config, [file]);
    const rows = await store.driver.query(`SELECT event_id, team, app, model, est_model, region, zone, energy_wh, carbon_loc_g, water_ml FROM tp_ledger ORDER BY event_id`);
    return { s, rows };
  } finally {
    await store.close();
  }
}

test('label rules: project, workspace, API key, team id and tag → team/app, first match wins, unmatched rows keep theirs', async () => {
  const { s, rows } = await ingestRows(mapped(), join(FIX, 'labels.jsonl'));
  assert.equal(s.accepted, 6);
  const by = Object.fromEntries(rows.map((r) => [String(r.event_id), [r.team, r.app]]));
  assert.deepEqual(by['lab-1'], ['search', 'answer-engine']); // project (gcp.project tag)
  assert.deepEqual(by['lab-2'], ['legal', null]); // workspace (workspace_id tag)
  assert.deepEqual(by['lab-3'], ['finance', 'reports']); // API key name
  assert.deepEqual(by['lab-4'], ['support', 'helpdesk']); // team id as the record gave it; its app kept
  assert.deepEqual(by['lab-5'], ['growth', 'staging']); // tag; a rule without team keeps the record's
  assert.deepEqual(by['lab-6'], ['growth', 'onboarding']); // no rule matches
});

test('role ARN and model ids: an assumed-role session matches its IAM role; mapped rows book as their catalog model and zone', async () => {
  assert.equal(roleKey('arn:aws:sts::123456789012:assumed-role/support-bot/i-0abc'), roleKey('arn:aws:iam::123456789012:role/service-roles/support-bot'));
  assert.notEqual(roleKey('arn:aws:sts::123456789012:assumed-role/other-role/x'), roleKey('arn:aws:iam::123456789012:role/support-bot'));
  const dir = mkdtempSync(join(tmpdir(), 'tp-mapping-'));
  try {
    const { s, rows } = await ingestRows(mapped(), join(FIX, 'bedrock-role-profile.jsonl'));
    assert.equal(s.read, s.accepted + s.rejected + s.duplicates);
    assert.deepEqual([s.accepted, s.rejected], [1, 3]);
    const [r] = rows;
    assert.deepEqual([r.team, r.app, r.est_model, r.region, r.zone], ['support', 'support-bot', 'claude-3-5-sonnet', 'aws:us-east-1', 'FR']);
    // The source's id stays on the row (provenance); the numbers are those of the catalog model in the mapped zone.
    assert.match(String(r.model), /application-inference-profile/);
    const ref = join(dir, 'ref.jsonl');
    writeFileSync(ref, JSON.stringify({ id: 'br-1', timestamp: '2025-06-05T11:00:00Z', provider: 'aws-bedrock', model: 'claude-3-5-sonnet', region: 'FR', input_tokens: 1500, output_tokens: 300 }) + '\n');
    const want = (await ingestRows(parseConfig('{}'), ref)).rows[0];
    for (const k of ['energy_wh', 'carbon_loc_g', 'water_ml']) assert.ok(Math.abs(Number(r[k]) - Number(want[k])) <= 1e-9 * Number(want[k]), `${k}: ${r[k]} vs ${want[k]}`);
    // Unknown models: listed once per ingest with their counts (not once per row), rejected as unknownModels says.
    assert.deepEqual(s.unknownModels, [
      { provider: 'aws-bedrock', model: 'anthropic.claude-9-opus-20990101-v1:0', events: 2, outcome: 'rejected' },
      { provider: 'aws-bedrock', model: 'amazon.qqq-model-v1:0', events: 1, outcome: 'rejected' },
    ]);
    const lenient = await ingestRows({ ...mapped(), unknownModels: 'lenient' }, join(FIX, 'bedrock-role-profile.jsonl'));
    assert.deepEqual([lenient.s.accepted, lenient.s.rejected], [4, 0]);
    assert.deepEqual((lenient.s.unknownModels ?? []).map((u) => [u.model, u.events, u.outcome]), [
      ['anthropic.claude-9-opus-20990101-v1:0', 2, 'lenient'],
      ['amazon.qqq-model-v1:0', 1, 'lenient'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Vertex endpoint resource name and an Azure deployment name map to catalog models; inference_geo maps to a zone', async () => {
  const vx = await ingestRows(mapped(), join(FIX, 'vertex-endpoint.jsonl'));
  assert.equal(vx.s.accepted, 1);
  assert.deepEqual([vx.rows[0].est_model, vx.rows[0].zone, vx.rows[0].team], ['gemini-2.5-flash', 'NL', 'search']);
  const az = await ingestRows(mapped(), join(FIX, 'azure-deployment.jsonl'));
  assert.equal(az.s.accepted, 1);
  assert.equal(az.rows[0].est_model, 'gpt-4o');
  assert.equal(az.s.unknownModels, undefined, 'no unknown models: no list');
  // Without the mapping the same deployment name is an unknown model, listed once.
  const bare = await ingestRows(parseConfig('{}'), join(FIX, 'azure-deployment.jsonl'));
  assert.deepEqual([bare.s.accepted, (bare.s.unknownModels ?? []).map((u) => u.model)], [0, ['prod-gpt4o-eu']]);
  const dir = mkdtempSync(join(tmpdir(), 'tp-mapping-'));
  try {
    const geo = join(dir, 'geo.jsonl');
    writeFileSync(geo, JSON.stringify({ id: 'g-1', timestamp: '2025-06-05T14:00:00Z', provider: 'anthropic', model: 'claude-3-5-sonnet', region: 'us', input_tokens: 100, output_tokens: 10 }) + '\n');
    const g = await ingestRows(mapped(), geo);
    assert.deepEqual([g.s.accepted, g.rows[0].region, g.rows[0].zone], [1, 'us', 'US-MIDA-PJM']);
    // Unmapped, `us` is read as the US national average zone.
    assert.equal((await ingestRows(parseConfig('{}'), geo)).rows[0].zone, 'US');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mapping targets are checked when the config loads: an unknown zone or catalog model is exit 2 naming the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-mapping-'));
  try {
    const bad = (name: string, yaml: string) => {
      const f = join(dir, name);
      writeFileSync(f, yaml);
      return f;
    };
    const zone = bad('zone.yaml', 'mapping:\n  zones:\n    aws:us-east-1: FRANCE\n');
    await assert.rejects(() => loadConfig(zone), /mapping\.zones\.aws:us-east-1: unknown grid zone or region 'FRANCE'/);
    const model = bad('model.yaml', 'mapping:\n  models:\n    prod-gpt4o-eu: gpt-9o\n');
    await assert.rejects(() => loadConfig(model), /mapping\.models\.prod-gpt4o-eu: unknown model 'gpt-9o'/);
    const rule = bad('rule.yaml', 'mapping:\n  labels:\n    - match: { project: p1 }\n');
    await assert.rejects(() => loadConfig(rule), /mapping\.labels\.0: a rule sets team, app or both/);
    const r = await runCli(['ingest', '--config', model, '--db', join(dir, 'l.duckdb'), join(FIX, 'azure-deployment.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /mapping\.models\.prod-gpt4o-eu/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ingest prints the unknown models once, with counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-mapping-'));
  try {
    const cfg = join(dir, 'tokenprint.yaml');
    writeFileSync(cfg, 'unknownModels: lenient\n');
    const r = await runCli(['ingest', '--config', cfg, '--db', join(dir, 'l.duckdb'), join(FIX, 'bedrock-role-profile.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.includes('anthropic.claude-9-opus'));
    assert.deepEqual(lines, ['  aws-bedrock anthropic.claude-9-opus-20990101-v1:0: 2 events booked leniently']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
