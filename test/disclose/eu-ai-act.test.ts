/**
 * EU AI Act documentation: the Commission guidelines' worked examples (C(2025) 5045, Annex A.3) reproduced from
 * their inputs, the form's number formats, N/A and withheld items, --strict, and equality with the training
 * estimator (one source of truth).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { discloseEuAiAct } from '../../src/disclose/eu-ai-act.js';
import { loadRunFile, parseRunFile, runSchemaText } from '../../src/disclose/run-file.js';
import { orderOfMagnitude, sciNotation } from '../../src/disclose/sig-figs.js';
import { runCli } from '../helpers/cli.js';

const head = `documentVersion: "1"\nlastUpdated: 2026-01-15\n`;
function run(model: string, training: string, extra = ''): ReturnType<typeof parseRunFile> {
  return parseRunFile(`${head}model:\n${model}\ntraining:\n${training}\n${extra}`, 'case.yaml');
}
const fig = (d: ReturnType<typeof discloseEuAiAct>, id: string) => {
  const f = d.document.sections.flatMap((s) => s.figures).find((x) => x.id === id);
  assert.ok(f, `figure ${id}`);
  return f;
};

test('guidelines Model A: 3.8B parameters × 3.3T tokens → 7.5·10^22 FLOP by 6·P·D, below the GPAI presumption', () => {
  const d = discloseEuAiAct(
    run('  name: A\n  provider: P\n  paramsTotal: 3.8e9\n  outputs: [text]', '  tokens: 3.3e12\n  hardware:\n    accelerator: a100-80gb'),
  );
  // 6 × 3.8e9 × 3.3e12 = 7.524e22 exactly; the guidelines print 7.5·10^22.
  assert.equal(d.compute.architectureFlop, 6 * 3.8e9 * 3.3e12);
  assert.equal(fig(d, 'C4').display, '7.5*10^22 FLOP');
  assert.equal(fig(d, 'C3').display, '10^22');
  assert.equal(d.compute.reportedMethod, 'architecture');
  assert.equal(d.thresholds.gpaiPresumption, false);
  // No hours were logged: the hardware-based method is N/A-free but absent, and the methodology says why.
  const c5 = d.document.sections[0].paragraphs?.[0].text ?? '';
  assert.match(c5, /^In the absence of a delegated act adopted in accordance with Article 53\(5\)/);
  assert.match(c5, /second method could not be applied/);
});

test('guidelines Model B: 200,000 A100-hours × 300 TFLOP/s × 0.5 → ~10^23 FLOP (N·L·H·U)', () => {
  const d = discloseEuAiAct(
    run(
      '  name: B\n  provider: P\n  paramsTotal: 1e9\n  outputs: [text]',
      '  hardware:\n    accelerator: a100-80gb\n    acceleratorHours: 200000\n  peak:\n    basis: bf16-dense\n    tflopsPerAccelerator: 300\n    source: Guidelines A.3 Model B\n  utilisation:\n    value: 0.5\n    definition: mfu\n    source: Guidelines A.3',
    ),
  );
  // 200,000 h × 3600 s × 300e12 × 0.5 = 1.08e23: the guidelines call it 10^23 (one significant figure).
  assert.ok(Math.abs((d.compute.hardwareFlop ?? 0) / 1.08e23 - 1) < 1e-12);
  assert.equal(fig(d, 'C4').display, '1.1*10^23 FLOP');
  assert.equal(fig(d, 'C3').display, '10^23');
  assert.equal(d.thresholds.gpaiPresumption, true);
  assert.equal(d.thresholds.systemicRisk, false);
  const c5 = d.document.sections[0].paragraphs?.[0].text ?? '';
  assert.match(c5, /H = 300 TFLOP\/s .* at bf16-dense/);
  assert.match(c5, /U = 0\.5 is the average utilisation defined as model FLOPs utilisation/);
});

test('guidelines Model H: 370,000 H100-hours × 989 TFLOP/s × 0.5 → ≈6.5·10^23 FLOP, catalog peak', () => {
  const d = discloseEuAiAct(
    run(
      '  name: H\n  provider: P\n  paramsTotal: 7e9\n  outputs: [text]',
      '  hardware:\n    accelerator: h100-sxm\n    acceleratorHours: 370000\n    count: 1024\n  utilisation:\n    value: 0.5\n    definition: mfu\n    source: Guidelines A.3',
    ),
  );
  // 370,000 × 3600 × 989e12 × 0.5 = 6.587e23; the guidelines round to ≈6.5·10^23 (within 1.4 %).
  assert.ok(Math.abs((d.compute.hardwareFlop ?? 0) - 370000 * 3600 * 989e12 * 0.5) < 1e9);
  assert.ok(Math.abs((d.compute.hardwareFlop ?? 0) / 6.5e23 - 1) < 0.014);
  assert.equal(fig(d, 'C4').display, '6.6*10^23 FLOP');
  // 370,000 h / 1024 accelerators / 24 = 15.06 days → "<1 month"; 15,417 H100-days.
  assert.equal(fig(d, 'C1').display, '<1 month');
  assert.ok(Math.abs((d.trainingTime.hardwareDays ?? 0) - 370000 / 24) < 1e-9);
});

test('number formats of the form: m*10^n at 2 significant figures, order of magnitude consistent with it', () => {
  assert.equal(sciNotation(1.0e2, 2), '1.0*10^2');
  assert.equal(sciNotation(2.44e24, 2), '2.4*10^24');
  assert.equal(orderOfMagnitude(9.96e22), '10^23'); // rounds to 1.0*10^23 at 2 s.f., so the NCA item says 10^23 too
  assert.equal(orderOfMagnitude(9.4e22), '10^22');
});

test('hardware and architecture estimates are reconciled against the ±30 % margin', () => {
  const d = discloseEuAiAct(
    run(
      '  name: R\n  provider: P\n  paramsTotal: 8e9\n  outputs: [text]',
      '  tokens: 2e12\n  hardware:\n    accelerator: h100-sxm\n    acceleratorHours: 300000\n  utilisation:\n    value: 0.3\n    definition: nvidia-smi-utilization\n    source: dashboards',
    ),
  );
  // N·L·H·U = 3.204e23, 6ND = 9.6e22: 70 % apart, outside the margin, and the paragraph says so.
  assert.equal(d.compute.reconciliation?.withinMargin, false);
  assert.ok(Math.abs((d.compute.reconciliation?.relativeDifference ?? 0) - (9.6e22 / (300000 * 3600 * 989e12 * 0.3) - 1)) < 1e-12);
  assert.match(d.document.sections[0].paragraphs?.[0].text ?? '', /outside the ±30 % margin/);
  assert.match(d.document.sections[0].paragraphs?.[0].text ?? '', /nvidia-smi GPU utilisation/);
});

test('E1 equals `tokenprint estimate training` for the same run (1e-9), tier and boundary named', async () => {
  const d = discloseEuAiAct(loadRunFile('examples/run.yaml'));
  const cli = await runCli([
    'estimate', 'training', '--hardware', 'h100-sxm', '--accelerator-hours', '90000', '--accelerators', '512',
    '--region', 'FR', '--pue', '1.2', '--market-intensity', `${d.energy.estimate.trace.find((f) => f.name === 'marketIntensityGPerKWh')?.value ?? 0}g`, '--json',
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  const est = JSON.parse(cli.stdout);
  const rel = (a: number, b: number): number => Math.abs(a / b - 1);
  assert.ok(rel(fig(d, 'E1').value ?? 0, est.energyMWh.value) < 1e-9);
  assert.ok(rel(d.energy.estimate.carbonT.location.value, est.carbonT.location.value) < 1e-9);
  assert.equal(d.energy.tier, 'hardware-time estimate');
  assert.match(fig(d, 'E1').boundary ?? '', /facility/);
  // Market-based: half the electricity under zero-carbon certificates, the rest at the location factor.
  const loc = d.energy.estimate.trace.find((f) => f.name === 'locationIntensityGPerKWh')?.value ?? 0;
  assert.ok(rel(d.energy.estimate.carbonT.market.value, d.energy.estimate.carbonT.location.value * 0.5) < 1e-9, `loc ${loc}`);
});

test('withheld supplier data becomes N/A with the reason; --strict exits 3; a missing benchmark is N/A, not left out', async () => {
  const r = run(
    '  name: W\n  provider: P\n  paramsTotal: 8e9\n  outputs: [text]',
    '  tokens: 2e12\n  hardware:\n    accelerator: h100-sxm',
    'withheld:\n  - item: E1\n    reason: the cloud provider does not share metered energy\n',
  );
  const d = discloseEuAiAct(r);
  assert.equal(fig(d, 'E1').display, 'N/A');
  assert.match(fig(d, 'E1').naReason ?? '', /does not share metered energy/);
  assert.deepEqual(
    d.document.missing.map((m) => m.id).sort(),
    ['C1', 'C2.days', 'C2.hardwareDays', 'E1', 'E2', 'E3', 'E4', 'X.location', 'X.owner'].sort(),
  );
  const ok = await runCli(['disclose', 'eu-ai-act', 'examples/run.yaml', '--format', 'md']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Every item is filled/);
});

test('--strict turns N/A into exit 3, and errors point at file:line and the field', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'tp-disclose-'));
  try {
    const f = join(dir, 'run.yaml');
    writeFileSync(f, readFileSync('examples/run.yaml', 'utf8').replace(/^inference:[\s\S]*?^withheld/m, 'withheld'));
    const strict = await runCli(['disclose', 'eu-ai-act', f, '--strict', '--format', 'json']);
    assert.equal(strict.code, 3);
    assert.match(strict.stderr, /E3 \(no inference benchmark/);
    writeFileSync(f, readFileSync('examples/run.yaml', 'utf8').replace('definition: mfu', 'definition: busy'));
    const bad = await runCli(['disclose', 'eu-ai-act', f]);
    assert.equal(bad.code, 2);
    const line = readFileSync(f, 'utf8').split('\n').findIndex((l) => l.includes('definition: busy')) + 1;
    assert.match(bad.stderr, new RegExp(`run\\.yaml:${line} training\\.utilisation\\.definition`));
    assert.match(bad.stderr, /docs\/disclose\.md/);
    writeFileSync(f, readFileSync('examples/run.yaml', 'utf8').replace('accelerator: h100-sxm\n    count', 'accelerator: h100-sxx\n    count'));
    const unknown = await runCli(['disclose', 'eu-ai-act', f]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /training\.hardware\.accelerator: unknown accelerator 'h100-sxx'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the one-third rule for modifications, and the systemic-risk notice', () => {
  const d = discloseEuAiAct(
    run(
      '  name: M\n  provider: P\n  paramsTotal: 7e10\n  outputs: [text]',
      '  tokens: 1e11\n  hardware:\n    accelerator: h100-sxm',
      'modification:\n  baseModel: Big-1\n  baseIsSystemicRisk: false\n',
    ),
  );
  // 6 × 7e10 × 1e11 = 4.2e22 > ⅓·10^23 = 3.33e22: the modifier becomes a provider.
  assert.equal(d.thresholds.modification?.modifierBecomesProvider, true);
  assert.ok(Math.abs((d.thresholds.modification?.thresholdFlop ?? 0) - 1e23 / 3) < 1);
  const big = discloseEuAiAct(run('  name: S\n  provider: P\n  paramsTotal: 4e11\n  outputs: [text]', '  tokens: 1.5e13\n  hardware:\n    accelerator: h100-sxm'));
  assert.equal(big.thresholds.systemicRisk, true); // 3.6e25
  assert.match(big.document.sections[2].figures[1].method, /two weeks/);
});

test('evidence files are listed, and a missing one is flagged', () => {
  const d = discloseEuAiAct(
    run('  name: E\n  provider: P\n  paramsTotal: 8e9\n  outputs: [text]', '  tokens: 2e12\n  hardware:\n    accelerator: h100-sxm',
      'evidence:\n  - kind: profile-endpoint\n    path: no-such-profile.json\n'),
  );
  const notes = d.document.sections.find((s) => s.title.startsWith('Evidence'))?.notes ?? [];
  assert.deepEqual(notes, ['profile-endpoint: no-such-profile.json (not found next to the run file)']);
});

test('schemas/run.schema.json is generated from the zod schema (rerun scripts/gen-run-schema.ts)', () => {
  assert.equal(readFileSync('schemas/run.schema.json', 'utf8'), runSchemaText());
});
