import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tracker, type Sample } from '../../src/measure/tracker.js';
import { appendCodeCarbonCsv, toCodeCarbonRow, CODECARBON_COLUMNS, csvField } from '../../src/measure/codecarbon-csv.js';
import { getZone } from '../../src/catalog/grid.js';
import type { EnergyCounterSource, PowerSampleSource, Precision } from '../../src/sources/power/power-source.js';
import { selectSources, candidateSources } from '../../src/sources/power/detect.js';
import { fakePowercap } from '../sources/power/fake-powercap.js';

const COUNTER: Precision = { kind: 'counter', low: 0.95, high: 1.05, source: 'test', assumed: false };
const MODEL: Precision = { kind: 'modeled', low: 0.5, high: 2, source: 'test', assumed: true };

/** A GPU counter drawing 300 W on the manual clock, a CPU meter at 40 W (mean-since-last), RAM at 6 W (instant). */
function standIns(clock: { t: number }) {
  let gpuBase = 0;
  const gpu: EnergyCounterSource = {
    kind: 'energy', name: 'fake-gpu', component: 'gpu', description: '300 W counter', precision: COUNTER,
    probe: async () => ({ available: true, devices: [{ id: 'gpu0', name: 'Fake' }], detail: '' }),
    open: async () => void (gpuBase = clock.t),
    close: async () => undefined,
    read: async () => (300 * (clock.t - gpuBase)) / 1000,
  };
  const cpu: PowerSampleSource = {
    kind: 'power', sampleMeaning: 'mean-since-last', name: 'fake-cpu', component: 'cpu', description: '40 W', precision: MODEL,
    probe: async () => ({ available: true, devices: [], detail: '' }),
    open: async () => undefined, close: async () => undefined, sample: async () => 40,
  };
  const ram: PowerSampleSource = {
    kind: 'power', sampleMeaning: 'instant', name: 'fake-ram', component: 'ram', description: '6 W', precision: MODEL,
    probe: async () => ({ available: true, devices: [], detail: '' }),
    open: async () => undefined, close: async () => undefined, sample: async () => 6,
  };
  return [gpu, cpu, ram];
}

test('Tracker: energy by component, phases, samples, carbon and water from the site', async () => {
  const clock = { t: 0 };
  const tracker = new Tracker({ sources: standIns(clock), intervalMs: 3_600_000, now: () => clock.t, site: { region: 'FR', pue: 1 } });
  await tracker.start();
  const seen: Sample[] = [];
  const consumer = (async () => {
    for await (const s of tracker.samples()) seen.push(s);
  })();
  clock.t = 1000;
  const s1 = await tracker.sampleNow();
  assert.deepEqual(s1.powerW, { gpu: 300, cpu: 40, ram: 6 });
  clock.t = 2500;
  await tracker.mark('decode');
  clock.t = 4000;
  const r = await tracker.stop();
  await consumer;
  assert.equal(seen.length, 3, 'sampleNow, mark and stop each produced a sample');
  assert.equal(r.durationS, 4);
  assert.deepEqual([r.energyJ.gpu.value, r.energyJ.cpu.value, r.energyJ.ram.value], [1200, 160, 24]);
  assert.deepEqual([r.energyJ.gpu.low, r.energyJ.gpu.high], [1140, 1260]);
  assert.equal(r.energyJ.total.value, 1384);
  assert.deepEqual(r.meanPowerW, { gpu: 300, cpu: 40, ram: 6 });
  assert.equal(r.phases.length, 1);
  assert.deepEqual(r.phases[0], { name: 'decode', startS: 2.5, endS: 4, durationS: 1.5, energyJ: { gpu: 450, cpu: 60, ram: 9, total: 519 } });
  // FR zone intensity × kWh, PUE 1 (user input)
  const kwh = 1384 / 3.6e6;
  assert.ok(Math.abs(r.carbonG.location.value - kwh * getZone('FR').intensityGPerKWh) < 1e-12);
  assert.equal(r.facilityEnergyJ.value, 1384);
  assert.ok(r.waterL.value > 0);
  assert.equal(r.site.zone, 'FR');
  assert.ok(r.trace.some((f) => f.name === 'cpuEnergyJ' && f.assumed), 'a modelled component is marked assumed in the trace');
});

test('Tracker with detection: a fallback names the better source and why it was unavailable', async () => {
  const root = fakePowercap([{ id: 'intel-rapl:0', name: 'package-0', energyUj: 1 }]); // no dram domain
  try {
    const sel = await selectSources(candidateSources({ gpu: 'none', powercapRoot: root, ramGB: 16 }));
    const names = sel.decisions.map((d) => `${d.component}:${d.name}:${d.used}`);
    assert.deepEqual(names, ['cpu:rapl:true', 'cpu:procfs-tdp:false', 'ram:rapl:false', 'ram:ram-rule:true']);
    assert.match(sel.decisions[1].detail, /not needed: rapl/);
    assert.match(sel.decisions[2].detail, /no RAPL dram domain/);
    const tracker = new Tracker({ sources: sel.sources, decisions: sel.decisions, intervalMs: 3_600_000 });
    await tracker.start();
    const r = await tracker.stop();
    assert.ok(r.warnings.some((w) => /no GPU source/.test(w)));
    assert.ok(r.warnings.some((w) => /RAM energy is modelled by ram-rule; better sources unavailable: rapl: no RAPL dram domain/.test(w)));
    assert.ok(!r.warnings.some((w) => /CPU energy is modelled/.test(w)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('CodeCarbon CSV: every CodeCarbon column, kWh and kg units, header written once', async () => {
  const clock = { t: 0 };
  const tracker = new Tracker({ sources: standIns(clock), intervalMs: 3_600_000, now: () => clock.t, site: { region: 'aws:us-east-1', pue: 1.2 }, projectName: 'p' });
  await tracker.start();
  clock.t = 3600_000; // one hour: GPU 300 Wh, CPU 40 Wh, RAM 6 Wh
  const r = await tracker.stop();
  const row = toCodeCarbonRow(r);
  for (const c of CODECARBON_COLUMNS) assert.ok(c in row, c);
  // CodeCarbon applies PUE to each component's energy (core/measure.py) and energy_consumed is their sum.
  assert.ok(Math.abs((row.gpu_energy as number) - 0.3 * 1.2) < 1e-12, 'GPU 300 Wh × PUE 1.2');
  assert.ok(Math.abs((row.energy_consumed as number) - 0.346 * 1.2) < 1e-12, 'energy_consumed includes PUE');
  const parts = (row.cpu_energy as number) + (row.gpu_energy as number) + (row.ram_energy as number);
  assert.ok(Math.abs(parts - (row.energy_consumed as number)) < 1e-12, 'components add up to energy_consumed');
  assert.equal(row.gpu_power, 300, 'powers are the devices\' mean power, without PUE');
  assert.ok(Math.abs((row.emissions as number) - r.carbonG.location.value / 1000) < 1e-15);
  assert.equal(row.duration, 3600);
  assert.equal(row.cloud_provider, 'aws');
  assert.equal(row.cloud_region, 'us-east-1');
  assert.equal(row.on_cloud, 'Y');
  assert.equal(row.gpu_source, 'fake-gpu (counter)');
  const dir = mkdtempSync(join(tmpdir(), 'tp-csv-'));
  try {
    const file = join(dir, 'emissions.csv');
    appendCodeCarbonCsv(file, r);
    appendCodeCarbonCsv(file, r);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines[0].startsWith('timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power'));
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    assert.throws(() => appendCodeCarbonCsv(other, r), /other columns/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(csvField('a,"b"'), '"a,""b"""');
});

test('Tracker refuses a bad interval and a double start', async () => {
  assert.throws(() => new Tracker({ intervalMs: 1 }), /at least 10 ms/);
  const t = new Tracker({ sources: [], intervalMs: 3_600_000 });
  await t.start();
  await assert.rejects(t.start(), /start\(\) called on a running tracker/);
  await t.stop();
});

test('Tracker: a source failing mid-run keeps its energy so far, is named in a warning, and the run still ends', async () => {
  const clock = { t: 0 };
  const [gpu, cpu, ram] = standIns(clock);
  let broken = false;
  const flaky: EnergyCounterSource = { ...(gpu as EnergyCounterSource), read: async () => {
    if (broken) throw new Error('nvidia-smi stopped sampling mid-run (SIGINT)');
    return (gpu as EnergyCounterSource).read();
  } };
  const tracker = new Tracker({ sources: [flaky, cpu, ram], intervalMs: 3_600_000, now: () => clock.t, site: { region: 'FR', pue: 1 } });
  await tracker.start();
  clock.t = 1000;
  await tracker.sampleNow(); // GPU 300 J so far
  broken = true;
  clock.t = 3000;
  await tracker.sampleNow(); // the GPU read fails here: no rejection, the source is dropped
  clock.t = 4000;
  const r = await tracker.stop();
  assert.equal(r.energyJ.gpu.value, 300, 'GPU energy up to the last good reading');
  assert.equal(r.energyJ.cpu.value, 160, 'other components keep being measured');
  assert.ok(r.warnings.some((w) => /GPU source fake-gpu failed at 3\.0 s \(nvidia-smi stopped sampling mid-run \(SIGINT\)\).*lower bound/.test(w)), r.warnings.join('\n'));
});

test('Tracker: a source that fails to open closes the ones already opened', async () => {
  const closed: string[] = [];
  const mk = (name: string, failOpen: boolean): PowerSampleSource => ({
    kind: 'power', sampleMeaning: 'instant', name, component: 'cpu', description: name, precision: MODEL,
    probe: async () => ({ available: true, devices: [], detail: '' }),
    open: async () => {
      if (failOpen) throw new Error(`${name} would not start`);
    },
    close: async () => void closed.push(name),
    sample: async () => 1,
  });
  const tracker = new Tracker({ sources: [mk('a', false), mk('b', true)], intervalMs: 3_600_000 });
  await assert.rejects(tracker.start(), /b would not start/);
  assert.ok(closed.includes('a'), 'the opened source was released');
  await assert.rejects(tracker.stop(), /stop\(\) called on a stopped tracker/);
});
