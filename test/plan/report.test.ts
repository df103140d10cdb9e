import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioFile } from '../../src/plan/scenario.js';
import { runPlan } from '../../src/plan/plan.js';
import { planCharts, renderPlanHtml, renderPlanMarkdown, renderPlanText } from '../../src/plan/report/plan-report.js';
import { esc, lineChart, paretoChart, stackedBarChart, waterfallChart } from '../../src/plan/report/svg.js';

/** A small well-formedness check: every tag closes in order, attributes are quoted, entities are known. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<!doctype[^>]*>/gi;
  let last = 0;
  for (const m of xml.matchAll(re)) {
    const between = xml.slice(last, m.index);
    assert.ok(!/[<>]/.test(between), `stray angle bracket near: ${between.slice(0, 60)}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(between), `bad entity near: ${between.slice(0, 60)}`);
    last = (m.index ?? 0) + m[0].length;
    if (m[0].startsWith('<!')) continue;
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name);
  }
  assert.ok(!/[<>]/.test(xml.slice(last)), 'trailing angle bracket');
  assert.deepEqual(stack, [], 'unclosed elements');
}

test('each chart is well-formed SVG and escapes labels', () => {
  const charts = [
    paretoChart('Q vs C <test>', 'x', 'y', [{ x: 1, y: 50, label: 'a & b', front: true }, { x: 2, y: 40, label: '"q"', front: false, highlight: true }], 45),
    waterfallChart('W', 'kg', 100, [{ label: 'region', delta: 60 }, { label: 'rebound', delta: -10 }]),
    stackedBarChart('S', 'kg', [{ label: 'x', parts: [{ name: 'operational', value: 3 }, { name: 'embodied', value: 1 }] }]),
    lineChart('L', 'year', 'kg', [{ name: 'a', values: [1, 2, 4] }]),
  ];
  for (const c of charts) {
    assert.ok(c.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assertWellFormed(c);
  }
  assert.ok(charts[0].includes('a &amp; b') && charts[0].includes('&lt;test&gt;'));
  assert.equal(esc(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');
  // The waterfall: baseline 100, −60, +10 → recommended bar at 50: 4 rects.
  assert.equal((charts[1].match(/<rect /g) ?? []).length, 4);
  assertWellFormed(assertThrowsCheck());
});

/** The checker itself must fail on broken markup (a test that cannot fail is a defect). */
function assertThrowsCheck(): string {
  assert.throws(() => assertWellFormed('<svg><g></svg>'));
  assert.throws(() => assertWellFormed('<svg>a & b</svg>'));
  return '<svg/>';
}

test('markdown and HTML reports embed the four charts; the text report says the recommendation and rebound', () => {
  const r = runPlan(loadScenarioFile('examples/scenario.yaml'));
  const c = planCharts(r);
  for (const svg of Object.values(c)) assertWellFormed(svg);
  const md = renderPlanMarkdown(r);
  assert.equal((md.match(/<svg /g) ?? []).length, 4);
  const html = renderPlanHtml(r);
  assertWellFormed(html.replace(/<meta charset="utf-8">/, '<meta charset="utf-8"/>'));
  assert.equal((html.match(/<svg /g) ?? []).length, 4);
  const text = renderPlanText(r);
  assert.match(text, /Recommendation \(MMLU-Pro \(CoT\) ≥ 60/);
  assert.match(text, /llama-3\.3-70b-instruct · 1×mi300x · fp8 · continuous-128 · aws:eu-west-3/);
  assert.ok(text.includes(r.rebound.statement));
});

test('charts stay readable across orders of magnitude: log axes, value labels, no "−0"', () => {
  // Options from 700 to 1.4M kgCO2e: a linear axis puts the whole front on x = 0.
  const pts = [
    { x: 712, y: 48, label: 'small', front: true },
    { x: 3500, y: 69, label: 'rec', front: true, highlight: true },
    { x: 1.4e6, y: 73, label: 'big', front: false },
  ];
  const p = paretoChart('P', 'kgCO2e/yr', 'q', pts, 60);
  assert.match(p, /log scale/);
  const cx = [...p.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  // Log axis 100–10M over 560 px: 712 → 3,500 is log10(4.9) × 112 px ≈ 77 px (linear: ≈ 1 px).
  assert.ok(cx[1] - cx[0] > 50, `front points ${cx[0]} and ${cx[1]} too close`);
  assert.doesNotMatch(paretoChart('P', 'x', 'q', [{ x: 10, y: 1, label: 'a', front: true }, { x: 15, y: 2, label: 'b', front: true }]), /log scale/);
  const l = lineChart('L', 'year', 'kg', [{ name: 'baseline', values: [180000, 1.18e6] }, { name: 'rec', values: [3500, 23100] }]);
  assert.match(l, /log scale/);
  assert.match(l, />23\.1k</); // each line ends with its value
  const w = waterfallChart('W', 'kg', 100, [{ label: 'model', delta: 0 }, { label: 'region', delta: 60 }]);
  assert.doesNotMatch(w, /−0</);
  assert.match(w, />−60</);
  const s = stackedBarChart('S', 'kg', [{ label: 'rec', parts: [{ name: 'operational', value: 42 }, { name: 'embodied', value: 58 }] }]);
  assert.match(s, /100 kg \(42% operational, 58% embodied\)/);
});
