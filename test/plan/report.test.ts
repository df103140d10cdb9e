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
