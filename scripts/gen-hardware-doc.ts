/**
 * Prints the accelerator tables of docs/methodology/hardware.md from the catalog, so the page cannot drift from the
 * code: `npx tsx scripts/gen-hardware-doc.ts` and paste between the GENERATED markers.
 */
import { ACCELERATORS } from '../src/catalog/accelerators.js';
import type { Accelerator } from '../src/catalog/types.js';
import { dieAreaEmbodiedKg } from '../src/core/embodied.js';
import type { Range } from '../src/core/range.js';

const n = (x: number | undefined, digits = 0): string =>
  x === undefined ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits });
const r = (x: Range): string => `${n(x.value)} (${n(x.low)}–${n(x.high)})`;
const mark = (a: Accelerator, field: string, text: string): string =>
  a.assumedFields.includes(field) ? `${text}*` : text;

function specRow(a: Accelerator): string {
  const p = a.peakTflops;
  return [
    `\`${a.id}\``,
    a.name,
    a.year,
    mark(a, 'tdpW', n(a.tdpW)),
    mark(a, 'peakTflops.bf16', n(p.bf16, 1)),
    mark(a, 'peakTflops.fp8', n(p.fp8, 1)),
    mark(a, 'peakTflops.int8', n(p.int8, 1)),
    mark(a, 'peakTflops.fp4', n(p.fp4)),
    mark(a, 'memoryGB', n(a.memoryGB)),
    mark(a, 'memoryBandwidthTBps', n(a.memoryBandwidthTBps, 3)),
    n(p.bf16 / a.memoryBandwidthTBps),
    n(a.dieAreaMm2),
  ].join(' | ');
}

function carbonRow(a: Accelerator): string {
  const die = a.dieAreaMm2;
  const bound = die === undefined ? undefined : dieAreaEmbodiedKg({ dieAreaMm2: die, memoryGB: a.memoryGB });
  return [
    `\`${a.id}\``,
    mark(a, 'embodied', r(a.embodied.kgCO2e)),
    a.embodied.method,
    bound === undefined ? '–' : `${n(bound.low)}–${n(bound.high)}`,
    mark(a, 'hostPowerW', n(a.hostPowerW)),
    mark(a, 'hostEmbodiedKgCO2e', r(a.hostEmbodiedKgCO2e)),
  ].join(' | ');
}

const lines = [
  '| id | name | year | TDP W | BF16 | FP8 | INT8 | FP4 | mem GB | TB/s | ridge FLOP/B | die mm² |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...ACCELERATORS.map((a) => `| ${specRow(a)} |`),
  '',
  '| id | device kgCO2e (low–high) | method | die-area bound kg | host W | host kgCO2e (low–high) |',
  '|---|---|---|---|---|---|',
  ...ACCELERATORS.map((a) => `| ${carbonRow(a)} |`),
  '',
  '| id | spec source | embodied source | assumed fields |',
  '|---|---|---|---|',
  ...ACCELERATORS.map(
    (a) => `| \`${a.id}\` | ${a.source} | ${a.embodied.source} | ${a.assumedFields.join(', ') || '–'} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
