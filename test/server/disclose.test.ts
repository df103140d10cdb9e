/**
 * GET /v1/disclose/{ghg,esrs,sci}: the disclose use cases over the tenant's own ledger, with keys and bad input;
 * POST /v1/disclose/{eu-ai-act,model-card} (a run file as the body) and energy-score; PDF where Chromium is installed.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testServer, events, type TestServer } from './helpers.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { discloseGhg } from '../../src/disclose/ghg.js';
import { discloseSciLedger } from '../../src/disclose/sci.js';
import { discloseEsrs } from '../../src/disclose/esrs.js';
import { tenantDbPath } from '../../src/server/tenants.js';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseRunFile } from '../../src/disclose/run-file.js';
import { discloseEuAiAct } from '../../src/disclose/eu-ai-act.js';
import { discloseModelCard } from '../../src/disclose/model-card.js';
import { discloseEnergyScore } from '../../src/disclose/energy-score.js';
import { renderMarkdown } from '../../src/disclose/render-markdown.js';
import { chromiumAvailable } from '../../src/disclose/render-pdf.js';

let s: TestServer;
let reader: string;
let other: string;

before(async () => {
  s = await testServer();
  reader = (await s.key('acme', 'read')).key;
  other = (await s.key('globex', 'admin')).key;
  const gw = (await s.key('acme', 'ingest')).key;
  assert.equal((await s.call('/v1/events', { key: gw, body: events(90, 'd'), type: 'application/x-ndjson' })).status, 200);
});
after(async () => s.stop());

const RUN = readFileSync(join(import.meta.dirname, '../../examples/run.yaml'), 'utf8');
/** The JSON result without its time stamp (the server's clock, not the document). */
const doc = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'generatedAt' ? undefined : v))) as unknown;

test('eu-ai-act and model-card: the run file as the body (YAML or JSON) gives the CLI document', async () => {
  const want = discloseEuAiAct(parseRunFile(RUN, 'request body'));
  const yaml = await s.call('/v1/disclose/eu-ai-act?format=json', { key: reader, body: RUN, type: 'application/yaml' });
  assert.equal(yaml.status, 200);
  assert.match(yaml.headers.get('content-disposition') ?? '', /tokenprint-eu-ai-act\.json/);
  assert.deepEqual(doc(await yaml.json()), doc(want));
  const json = await s.call('/v1/disclose/eu-ai-act?format=json', { key: reader, body: JSON.stringify(parseYaml(RUN)), type: 'application/json' });
  assert.equal(json.status, 200);
  assert.deepEqual(doc(await json.json()), doc(want));
  const md = await s.call('/v1/disclose/model-card', { key: reader, body: RUN, type: 'text/yaml' });
  assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
  assert.equal(await md.text(), renderMarkdown(discloseModelCard(parseRunFile(RUN, 'request body')).document));

  // bad run files are refused with the run-file parser's own message; the wrong media type is 415
  const noTokens = RUN.replace(/^  tokens: .*$/m, '  tokens: -5');
  const bad = await s.call('/v1/disclose/eu-ai-act', { key: reader, body: noTokens, type: 'application/yaml' });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { detail: string }).detail, /tokens/);
  const gpu = await s.call('/v1/disclose/model-card', { key: reader, body: RUN.replace('accelerator: h100-sxm', 'accelerator: no-such-gpu'), type: 'application/yaml' });
  const g = (await gpu.json()) as { code: string; detail: string };
  assert.equal(g.code, 'INVALID_INPUT');
  assert.match(g.detail, /no-such-gpu/);
  assert.equal((await s.call('/v1/disclose/eu-ai-act', { key: reader, body: RUN, type: 'text/plain' })).status, 415);
  assert.equal((await s.call('/v1/disclose/eu-ai-act', { key: reader, body: ' ', type: 'application/yaml' })).status, 400);
  assert.equal((await s.call('/v1/disclose/eu-ai-act', { body: RUN, type: 'application/yaml' })).status, 401);
});

test('energy-score: an estimated label as the CLI gives it; a profile path is not read by the server', async () => {
  const req = { model: 'llama-3.1-8b-instruct', outputTokens: 200 };
  const r = await s.call('/v1/disclose/energy-score?format=json', { key: reader, body: JSON.stringify(req), type: 'application/json' });
  assert.equal(r.status, 200);
  assert.deepEqual(doc(await r.json()), doc(discloseEnergyScore(req)));
  const profile = await s.call('/v1/disclose/energy-score', { key: reader, body: JSON.stringify({ profile: '/etc/passwd' }), type: 'application/json' });
  assert.equal(profile.status, 400);
});

test('format=pdf: the HTML document printed by Chromium', { skip: chromiumAvailable() ? false : 'chromium not installed' }, async () => {
  for (const r of [
    await s.call('/v1/disclose/ghg?period=2025-06&format=pdf', { key: reader }),
    await s.call('/v1/disclose/model-card?format=pdf', { key: reader, body: RUN, type: 'application/yaml' }),
  ]) {
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    const b = Buffer.from(await r.arrayBuffer());
    assert.equal(b.subarray(0, 5).toString('latin1'), '%PDF-');
  }
});

/** The use case run on the tenant's own ledger file, after the server is done with it. */
async function direct<T>(use: (st: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  if (s.storage.kind !== 'duckdb') throw new Error('duckdb only');
  await s.close();
  const st = await openStore(tenantDbPath(s.storage.dataDir, 'acme'));
  try {
    return await use(st);
  } finally {
    await st.close();
  }
}

test('ghg, esrs and sci equal the disclose use cases on the same ledger; other tenants and no key get nothing', async () => {
  const ghg = (await (await s.call('/v1/disclose/ghg?period=2025-06&format=json', { key: reader })).json()) as { totals: { locationBasedT: number; marketBasedT: number } };
  const esrsR = await s.call('/v1/disclose/esrs?period=2025&water=true&revenueEur=1000000&format=json', { key: reader });
  assert.equal(esrsR.status, 200);
  const esrs = (await esrsR.json()) as { e16: { totalLocationT: number }; e34?: { waterM3: number } };
  const sci = (await (await s.call('/v1/disclose/sci?unit=request&format=json', { key: reader })).json()) as { sciG: number; R: number };
  const md = await s.call('/v1/disclose/ghg?period=2025-06', { key: reader });
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
  assert.match(md.headers.get('content-disposition') ?? '', /attachment; filename="tokenprint-ghg\.md"/);
  const html = await s.call('/v1/disclose/sci?format=html', { key: reader });
  assert.match(await html.text(), /<html/i);

  // no key, bad input, another tenant
  assert.equal((await s.call('/v1/disclose/ghg')).status, 401);
  const bad = await s.call('/v1/disclose/sci?intensity=market', { key: reader });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');
  assert.match(((await bad.json()) as { detail: string }).detail, /market-based/);
  const nan = await s.call('/v1/disclose/ghg?cat3GPerKWh=abc&cat3Source=x', { key: reader });
  assert.equal(nan.status, 400);
  assert.equal(((await nan.json()) as { field: string }).field, 'cat3GPerKWh');
  assert.equal((await s.call('/v1/disclose/ghg?cat3GPerKWh=20', { key: reader })).status, 400);
  assert.equal((await s.call('/v1/disclose/ghg?tenant=acme', { key: other })).status, 400, 'unknown parameters are refused (strict disclose schema)');
  const g = await s.call('/v1/disclose/ghg', { key: other });
  assert.equal(g.status, 404, "globex has no events: acme's ledger is not reachable");
  const doc = (await (await s.call('/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
  for (const k of ['ghg', 'esrs', 'sci']) assert.ok(doc.paths[`/v1/disclose/${k}`]?.get, `${k} in the OpenAPI document`);
  assert.ok(doc.paths['/v1/disclose/esrs'].get?.parameters?.some((p) => p.name === 'revenueEur'));

  const want = await direct(async (st) => ({
    ghg: await discloseGhg(st, { period: '2025-06' }),
    esrs: await discloseEsrs(st, { period: '2025', water: true, revenueEur: 1e6 }),
    sci: await discloseSciLedger(st, { unit: 'request' }),
  }));
  // Same engine, same rows, same code: the JSON numbers are equal exactly (JSON round-trips doubles).
  assert.ok(want.ghg.totals.locationBasedT > 0);
  assert.deepEqual(ghg.totals, want.ghg.totals);
  assert.equal(esrs.e16.totalLocationT, want.esrs.e16.totalLocationT);
  assert.equal(esrs.e34?.waterM3, want.esrs.e34?.waterM3);
  assert.equal(sci.R, 90);
  assert.equal(sci.sciG, want.sci.sciG);
});
