/**
 * The dashboard in Debian's Chromium (playwright-core, no downloaded browser): sign in with a read key, filter,
 * see the numbers GET /v1/report gives, download an export, reach the pages by keyboard. The tenant holds per-request
 * rows and usage buckets (OpenAI's with request counts, Anthropic's without), and the pages show the bucket counts
 * the API gives. Screenshots of every page at 1280 and 390 px wide are written to test-output/screenshots/ for review.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { parseConfig } from '../../src/ledger/config.js';
import { readerFor } from '../../src/sources/usage/formats/registry.js';
import { bucketConverter } from '../../src/sources/usage/bucket-writer.js';
import { testServer, type TestServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WEB = resolve('dist/web');
const SHOTS = resolve('test-output/screenshots');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (apt-get install chromium; .ci/run does)`;

let s: TestServer;
let key: string;
let ctx: BrowserContext;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), 'tp-chromium-'));

before(async () => {
  if (skip) return;
  // npm ci builds the dashboard (prepare); a checkout that skipped it is built here, from the local vite.
  if (!existsSync(join(WEB, 'index.html'))) {
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.mjs'], { stdio: 'inherit' });
    assert.equal(r.status, 0, 'vite build');
  }
  mkdirSync(SHOTS, { recursive: true });
  s = await testServer({ webDir: WEB, config: parseConfig(SAMPLE_CONFIG) });
  const ingestKey = (await s.key('demo', 'ingest')).key;
  key = (await s.key('demo', 'read')).key;
  const lines: string[] = [];
  generateSample((l) => lines.push(l), { events: 3000, seed: 7, month: '2025-06' });
  const r = await s.call('/v1/events', { key: ingestKey, body: lines.join('\n') + '\n', type: 'application/x-ndjson' });
  assert.equal(r.status, 200);
  // Usage buckets beside the rows, in the same month: the sample's OpenAI and Anthropic requests of another seed as
  // those providers' usage reports (OpenAI's buckets count requests, Anthropic's do not).
  for (const format of ['openai-usage', 'anthropic-usage']) {
    const w = readerFor(format)?.aggregateWriter;
    assert.ok(w, `${format} has a bucket writer`);
    const out: string[] = [];
    const conv = bucketConverter(w, (l) => out.push(l));
    generateSample((l) => conv.push(l), { events: 600, seed: 11, month: '2025-06' });
    conv.done();
    const b = await s.call('/v1/events', { key: ingestKey, body: out.join('\n') + '\n', type: 'text/plain' });
    const answer = (await b.json()) as { format: string; read: number; accepted: number; rejected: number; duplicates: number };
    assert.equal(b.status, 200);
    assert.equal(answer.format, format);
    // the sample's one model the catalog does not know is refused with its reason (the Rejects page lists it)
    assert.ok(answer.accepted > 0 && answer.read === answer.accepted + answer.rejected + answer.duplicates, JSON.stringify(answer));
  }
  ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = ctx.pages()[0] ?? (await ctx.newPage());
});

after(async () => {
  await ctx?.close();
  await s?.stop();
  rmSync(profile, { recursive: true, force: true });
});

async function api<T>(path: string): Promise<T> {
  return (await (await s.call(path, { key })).json()) as T;
}

/** Both widths, full page (charts are SVG, drawn synchronously once the page's data has arrived). */
async function shoot(name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150); // ECharts redraws on the resize event
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const num = async (testid: string) => Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-value'));
type Rep = { total: { requests: number; buckets: number; bucketsWithoutRequestCount: number; energyKWh: { value: number }; carbonKg: { location: { value: number }; market: { value: number } }; waterL: { value: number }; waterOnsiteL: number; waterOffsiteL: number }; ghg: { scope2: { locationKg: { value: number } } } };

test('sign in with a read key, see the API numbers, filter by team (the filter is in the URL)', { skip }, async () => {
  await page.goto(s.url + '/');
  await page.waitForSelector('#signin');
  await shoot('signin');
  await page.fill('#key', 'tpk_0123456789abcdef_' + 'x'.repeat(43));
  await page.click('#signin button');
  await page.waitForSelector('.error');
  assert.match((await page.textContent('.error')) ?? '', /unknown API key/);
  await page.fill('#key', key);
  await page.click('#signin button');
  await page.waitForSelector('main[data-ready^="#/overview"]');
  assert.match(page.url(), /from=2025-06&to=2025-06/);
  const all = await api<Rep>('/v1/report?from=2025-06&to=2025-06');
  assert.equal(await num('energy'), all.total.energyKWh.value);
  assert.equal(await num('carbon-location'), all.total.carbonKg.location.value);
  assert.equal(await num('carbon-market'), all.total.carbonKg.market.value);
  assert.equal(await num('water'), all.total.waterL.value);
  // on-site and off-site water, as the API gives them, and their sum is the total
  const split = await page.$eval('[data-testid="water-split"]', (e) => [Number(e.getAttribute('data-onsite')), Number(e.getAttribute('data-offsite'))]);
  assert.deepEqual(split, [all.total.waterOnsiteL, all.total.waterOffsiteL]);
  assert.ok(Math.abs(split[0] + split[1] - all.total.waterL.value) <= 1e-9 * all.total.waterL.value);
  assert.equal(await num('requests'), all.total.requests);
  await shoot('overview');

  await page.selectOption('select[name="team"]', 'search');
  await page.waitForSelector('main[data-ready*="team=search"]');
  const search = await api<Rep>('/v1/report?from=2025-06&to=2025-06&team=search');
  assert.ok(search.total.requests > 0 && search.total.requests < all.total.requests);
  assert.equal(await num('requests'), search.total.requests);
  assert.equal(await num('energy'), search.total.energyKWh.value);
  // a shared link opens the same view
  const shared = page.url();
  await page.goto(s.url + '/#/overview');
  await page.waitForSelector('main[data-ready^="#/overview"]:not([data-ready*="team="])');
  await page.goto(shared);
  await page.waitForSelector('main[data-ready*="team=search"]');
  assert.equal(await num('requests'), search.total.requests);
  await page.selectOption('select[name="team"]', '');
  await page.waitForURL((u) => !u.toString().includes('team='));
});

test('every page renders, charts included, and is reachable by keyboard', { skip }, async () => {
  for (const p of ['trends', 'ghg', 'rejects', 'exports']) {
    await page.goto(`${s.url}/#/${p}?from=2025-06&to=2025-06`);
    await page.waitForSelector(`main[data-ready^="#/${p}"]`);
    if (p !== 'rejects' && p !== 'exports') assert.ok((await page.locator('main svg').count()) > 0, `${p} draws charts`);
    await shoot(p);
  }
  const ghg = await api<Rep>('/v1/report?from=2025-06&to=2025-06');
  await page.goto(`${s.url}/#/ghg?from=2025-06&to=2025-06`);
  await page.waitForSelector('[data-testid="scope2-location"]');
  assert.equal(await num('scope2-location'), ghg.ghg.scope2.locationKg.value);
  await page.goto(`${s.url}/#/plan`);
  await page.waitForSelector('main[data-ready^="#/plan"]');
  await page.click('#run');
  await page.waitForSelector('[data-testid="recommended"], #out .error', { timeout: 60_000 });
  assert.equal(await page.locator('#out .error').count(), 0, (await page.locator('#out .error').textContent().catch(() => '')) ?? '');
  assert.ok((await page.locator('#pareto svg').count()) === 1);
  await shoot('plan');
  // keyboard: Tab from the top reaches the nav links in order
  await page.goto(`${s.url}/#/overview?from=2025-06&to=2025-06`);
  await page.waitForSelector('[data-testid="energy"]');
  const seen: string[] = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    seen.push(String(await page.evaluate("document.activeElement?.textContent?.trim() ?? ''")));
  }
  for (const label of ['Overview', 'Trends', 'GHG & quality', 'Rejects', 'Plan', 'Disclosures']) assert.ok(seen.includes(label), `${label} reached by Tab: ${seen.join(' | ')}`);
});

test('download an export: the file is what GET /v1/report gives', { skip }, async () => {
  await page.goto(`${s.url}/#/exports?from=2025-06&to=2025-06&team=support`);
  await page.waitForSelector('button[data-format="csv"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="csv"]')]);
  const path = await dl.path();
  const want = await (await s.call('/v1/report?from=2025-06&to=2025-06&team=support&format=csv&by=team,model,provider', { key })).text();
  assert.equal(readFileSync(path, 'utf8'), want);
  assert.match(dl.suggestedFilename(), /^tokenprint-report-2025-06_2025-06\.csv$/);
  assert.match(want.split('\n')[1] ?? '', /support/);
});

test('download a disclosure: the file is what GET /v1/disclose/ghg gives', { skip }, async () => {
  await page.goto(`${s.url}/#/exports?from=2025-06&to=2025-06`);
  await page.waitForSelector('button[data-disclose="ghg"][data-fmt="json"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-disclose="ghg"][data-fmt="json"]')]);
  const got = JSON.parse(readFileSync(await dl.path(), 'utf8')) as { kind: string; totals: { locationBasedT: number } };
  const want = (await (await s.call('/v1/disclose/ghg?from=2025-06&to=2025-06&format=json', { key })).json()) as typeof got;
  assert.equal(got.kind, 'ghg');
  // generatedAt differs between the two requests; the figures do not
  assert.deepEqual(got.totals, want.totals);
  assert.match(dl.suggestedFilename(), /^tokenprint-ghg-2025-06_2025-06\.json$/);
});

test('a training-run disclosure: pick the run file, download the model card, the file is what POST /v1/disclose/model-card gives', { skip }, async () => {
  await page.goto(`${s.url}/#/exports?from=2025-06&to=2025-06`);
  await page.waitForSelector('button[data-run="model-card"][data-fmt="md"]');
  await page.click('button[data-run="model-card"][data-fmt="md"]');
  assert.match((await page.textContent('#dl-status')) ?? '', /choose a training-run file/);
  const run = resolve('examples/run.yaml');
  await page.setInputFiles('#runfile', run);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-run="model-card"][data-fmt="md"]')]);
  const want = await (await s.call('/v1/disclose/model-card?format=md', { key, body: readFileSync(run, 'utf8'), type: 'application/yaml' })).text();
  assert.equal(readFileSync(await dl.path(), 'utf8'), want);
  assert.equal(dl.suggestedFilename(), 'tokenprint-model-card.md');
  await shoot('exports-run');
});

type ByMethod = { rows: { keys: { method: string }; requests: number; buckets: number; bucketsWithoutRequestCount: number }[] };

/** The bucket counts a page shows: [buckets, of which without a request count]. */
const bucketCounts = async () =>
  page.$eval('[data-testid="buckets"]', (e) => [Number(e.getAttribute('data-value')), Number(e.getAttribute('data-without-count'))]);

test('usage buckets: the overview and the GHG & quality page show the counts GET /v1/report gives; a view without buckets shows none', { skip }, async () => {
  const all = await api<Rep>('/v1/report?from=2025-06&to=2025-06');
  // the seed holds both kinds of bucket, so both counts are tested
  assert.ok(all.total.bucketsWithoutRequestCount > 0 && all.total.bucketsWithoutRequestCount < all.total.buckets, JSON.stringify(all.total));
  const uncounted = `+ ${all.total.bucketsWithoutRequestCount} buckets of unknown count`;

  await page.goto(`${s.url}/#/overview?from=2025-06&to=2025-06`);
  await page.waitForSelector('main[data-ready^="#/overview"]');
  assert.equal(await num('requests'), all.total.requests);
  assert.ok(((await page.textContent('[data-testid="requests"]')) ?? '').includes(uncounted));
  assert.deepEqual(await bucketCounts(), [all.total.buckets, all.total.bucketsWithoutRequestCount]);
  const note = (await page.textContent('[data-testid="buckets"]')) ?? '';
  assert.ok(note.includes(`Includes ${all.total.buckets} usage buckets`) && note.includes(`${all.total.bucketsWithoutRequestCount} without`), note);
  assert.match(note, /cover counted requests only/);

  await page.goto(`${s.url}/#/ghg?from=2025-06&to=2025-06`);
  await page.waitForSelector('main[data-ready^="#/ghg"]');
  assert.equal(await num('requests'), all.total.requests);
  assert.ok(((await page.textContent('[data-testid="requests"]')) ?? '').includes(uncounted));
  assert.deepEqual(await bucketCounts(), [all.total.buckets, all.total.bucketsWithoutRequestCount]);
  assert.match((await page.textContent('[data-testid="mix-note"]')) ?? '', new RegExp(`^${all.total.bucketsWithoutRequestCount} usage buckets have no request count`));
  // the footprint by method tier: every tier's requests and buckets as GET /v1/report?by=method gives them
  const byMethod = await api<ByMethod>('/v1/report?from=2025-06&to=2025-06&by=method');
  const shown = await page.$$eval('[data-testid="by-method"] tbody tr', (trs) =>
    trs.map((t) => [t.getAttribute('data-method'), Number(t.getAttribute('data-requests')), Number(t.getAttribute('data-value')), Number(t.getAttribute('data-without-count'))]),
  );
  const want = byMethod.rows.map((x) => [x.keys.method, x.requests, x.buckets, x.bucketsWithoutRequestCount]);
  const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
  assert.deepEqual(shown.sort(byName), want.sort(byName));
  assert.ok(want.some((x) => String(x[0]).endsWith('(aggregate)')));

  // a view without buckets (the team 'search' posts per-request rows only): no bucket count, no "0 buckets"
  const search = await api<Rep>('/v1/report?from=2025-06&to=2025-06&team=search');
  assert.deepEqual([search.total.buckets, search.total.bucketsWithoutRequestCount], [0, 0]);
  await page.goto(`${s.url}/#/overview?from=2025-06&to=2025-06&team=search`);
  await page.waitForSelector('main[data-ready*="team=search"]');
  assert.equal(await num('requests'), search.total.requests);
  assert.equal(await page.locator('[data-testid="buckets"]').count(), 0);
  assert.doesNotMatch((await page.textContent('main')) ?? '', /bucket/i);
  await shoot('overview-no-buckets');
  await page.goto(`${s.url}/#/ghg?from=2025-06&to=2025-06&team=search`);
  await page.waitForSelector('main[data-ready*="team=search"]');
  assert.deepEqual(await bucketCounts(), [0, 0]);
  assert.match((await page.textContent('[data-testid="buckets"]')) ?? '', /^All from per-request rows/);
  assert.equal(await page.locator('[data-testid="mix-note"]').count(), 0);
  const text = (await page.textContent('main')) ?? '';
  assert.doesNotMatch(text, /\b0 (usage )?buckets|buckets of unknown count/);
  assert.equal(await page.locator('[data-testid="by-method"] th', { hasText: 'usage buckets' }).count(), 0);
  await shoot('ghg-no-buckets');
});
