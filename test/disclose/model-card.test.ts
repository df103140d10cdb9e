/**
 * The model-card section reproduces a published card's training table from its inputs: Meta's Llama 3.1 card
 * (meta-llama/llama-models, models/llama3_1/MODEL_CARD.md, as recorded in src/catalog/training-runs.ts) gives
 * GPU hours, 700 W per H100 with no separate PUE, location-based tCO2e and 0 t market-based. The card prints no
 * grid factor: we use the one its own totals imply (11,390 t over 39.3M h × 700 W = 414 g/kWh).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrainingRun } from '../../src/catalog/training-runs.js';
import { discloseModelCard } from '../../src/disclose/model-card.js';
import { discloseEuAiAct } from '../../src/disclose/eu-ai-act.js';
import { loadRunFile, parseRunFile } from '../../src/disclose/run-file.js';
import { runCli } from '../helpers/cli.js';

const CARD_IDS = ['llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b'];
const runs = CARD_IDS.map(getTrainingRun);
const totalT = runs.reduce((s, r) => s + (r.carbonT?.value ?? 0), 0);
const totalMWh = runs.reduce((s, r) => s + (r.acceleratorHours?.value ?? 0) * 0.7e-3, 0);
const cardIntensity = (totalT / totalMWh) * 1000; // t/MWh → g/kWh

function cardRun(id: string): ReturnType<typeof parseRunFile> {
  const r = getTrainingRun(id);
  return parseRunFile(
    `documentVersion: "1"
lastUpdated: 2024-07-23
model:
  name: ${r.name}
  provider: Meta Platforms, Inc.
  paramsTotal: ${r.paramsTotal?.value}
  outputs: [text, code]
training:
  tokens: ${r.tokens?.value}
  hardware:
    accelerator: h100-sxm
    acceleratorHours: ${r.acceleratorHours?.value}
    cloudProvider: Meta (custom-built GPU cluster)
  power: { watts: 700, basis: measured, scope: system, source: "card: peak power capacity per GPU, used as the average" }
  pue: { value: 1, source: "card: power already adjusted for PUE" }
  gridIntensityGPerKWh: { value: ${cardIntensity}, source: "implied by the card's totals" }
  marketInstruments:
    - { kind: certificates, coverage: 1, factorGPerKWh: 0, source: "card: 100 % renewable matched" }
`,
    `${id}.yaml`,
  );
}

test('Llama 3.1 card training table reproduced from its inputs (hours, 700 W, emissions both ways)', () => {
  for (const id of CARD_IDS) {
    const card = getTrainingRun(id);
    const m = discloseModelCard(cardRun(id));
    assert.equal(m.acceleratorHours, card.acceleratorHours?.value);
    assert.equal(m.powerW, 700);
    // Hours × 700 W, PUE 1: 1.46M h → 1,022 MWh for the 8B model.
    assert.ok(Math.abs(m.energyMWh - (card.acceleratorHours?.value ?? 0) * 0.7e-3) < 1e-6);
    // The card rounds hours to 3 significant figures and tCO2e to 2–3: every row lands within 1 % of its figure.
    const rel = m.carbonT.location / (card.carbonT?.value ?? 1) - 1;
    assert.ok(Math.abs(rel) < 0.01, `${id}: ${m.carbonT.location} vs ${card.carbonT?.value}`);
    assert.equal(m.carbonT.market, 0);
    assert.match(m.markdown, /^## Environmental impact/);
    assert.match(m.markdown, new RegExp(`\\| ${card.name} \\| ${Math.round(card.acceleratorHours?.value ?? 0).toLocaleString('en-US')} \\| 700 \\|`));
  }
});

test('model card and eu-ai-act give the same energy and emissions for one run file', async () => {
  const run = loadRunFile('examples/run.yaml');
  const m = discloseModelCard(run);
  const d = discloseEuAiAct(run);
  assert.equal(m.energyMWh, d.energy.estimate.energyMWh.value);
  assert.equal(m.carbonT.location, d.energy.estimate.carbonT.location.value);
  const cli = await runCli(['disclose', 'model-card', 'examples/run.yaml', '--format', 'md']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /- \*\*Hardware type:\*\* NVIDIA H100 SXM5 80GB × 512/);
  assert.match(cli.stdout, /- \*\*Compute region:\*\* FR/);
});
