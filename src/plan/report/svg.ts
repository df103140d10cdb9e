/**
 * Small hand-written SVG charts for the Markdown and HTML reports: a scatter with the Pareto front, a waterfall,
 * stacked bars, and a two-line chart. Pure string builders; every text is XML-escaped; tests check they parse as
 * well-formed XML.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const W = 640;
const H = 320;
const PAD = { l: 64, r: 16, t: 28, b: 44 };
const f = (x: number) => (Math.round(x * 10) / 10).toString();
const short = (v: number) => {
  const a = Math.abs(v);
  if (a >= 1e6) return `${f(v / 1e6)}M`;
  if (a >= 1e3) return `${f(v / 1e3)}k`;
  return a >= 10 || a === 0 ? `${Math.round(v)}` : v.toPrecision(2);
};

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="11">` +
    `<title>${esc(title)}</title>` +
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>` +
    `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#333"/>` +
    `<line x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}" stroke="#333"/>` +
    `<text x="${(PAD.l + W - PAD.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text x="14" y="${(PAD.t + H - PAD.b) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(PAD.t + H - PAD.b) / 2})">${esc(yLabel)}</text>` +
    body +
    `</svg>`
  );
}

function scaleLinear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function ticks(lo: number, hi: number, n = 4): number[] {
  return Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
}

/** Values spanning more than this ratio are drawn on a log axis (else the small ones collapse onto the axis). */
export const LOG_AXIS_SPAN = 20;

interface Axis {
  readonly at: (v: number) => number;
  readonly ticks: readonly number[];
  readonly log: boolean;
}

/** A linear axis from 0, or a log axis when the positive values span more than LOG_AXIS_SPAN. */
function axis(values: readonly number[], r0: number, r1: number, floorAtZero = true): Axis {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  const hi = Math.max(...pos, 0);
  const lo = Math.min(...pos, hi);
  if (pos.length && lo > 0 && hi / lo > LOG_AXIS_SPAN) {
    const d0 = Math.floor(Math.log10(lo));
    const d1 = Math.ceil(Math.log10(hi));
    const s = scaleLinear(d0, d1, r0, r1);
    const t: number[] = [];
    for (let d = d0; d <= d1; d++) for (const m of d1 - d0 <= 2 ? [1, 2, 5] : [1]) if (m * 10 ** d <= 10 ** d1) t.push(m * 10 ** d);
    return { at: (v) => s(Math.log10(Math.max(v, 10 ** d0))), ticks: t, log: true };
  }
  const top = hi * 1.05 || 1;
  const bottom = floorAtZero ? 0 : lo;
  return { at: scaleLinear(bottom, top, r0, r1), ticks: ticks(bottom, top), log: false };
}

export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly front: boolean;
  readonly highlight?: boolean;
}

/**
 * Quality (y) against cost (x), front points joined, a dashed line at the floor. The cost axis turns logarithmic
 * when the options span more than LOG_AXIS_SPAN×, and front points are labelled with their cost.
 */
export function paretoChart(title: string, xLabel: string, yLabel: string, points: readonly ScatterPoint[], floor?: number): string {
  const ys = [...points.map((p) => p.y), ...(floor === undefined ? [] : [floor])];
  const ax = axis(points.map((p) => p.x), PAD.l, W - PAD.r);
  const y0 = Math.min(...ys) - 2;
  const y1 = Math.max(...ys) + 2;
  const sx = ax.at;
  const sy = scaleLinear(y0, y1, H - PAD.b, PAD.t);
  let body = '';
  for (const t of ax.ticks) {
    body += `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#eee"/>`;
    body += `<text x="${f(sx(t))}" y="${H - PAD.b + 14}" text-anchor="middle">${short(t)}</text>`;
  }
  for (const t of ticks(y0, y1)) body += `<text x="${PAD.l - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${short(t)}</text>`;
  if (floor !== undefined) {
    body += `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${f(sy(floor))}" y2="${f(sy(floor))}" stroke="#c33" stroke-dasharray="4 3"/>`;
    body += `<text x="${W - PAD.r}" y="${f(sy(floor) - 4)}" text-anchor="end" fill="#c33">quality floor ${short(floor)}</text>`;
  }
  const fp = points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  if (fp.length > 1) body += `<polyline fill="none" stroke="#2a7" stroke-width="2" points="${fp.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`;
  // Others first, then the front and the highlight on top.
  const order = [...points].sort((a, b) => Number(a.front) + Number(a.highlight ?? false) * 2 - (Number(b.front) + Number(b.highlight ?? false) * 2));
  for (const p of order) {
    const fill = p.highlight ? '#d60' : p.front ? '#2a7' : '#99a';
    body += `<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="${p.highlight ? 6 : p.front ? 4 : 2.5}" fill="${fill}"${p.front || p.highlight ? '' : ' fill-opacity="0.6"'}><title>${esc(p.label)}</title></circle>`;
  }
  for (const p of fp) body += `<text x="${f(sx(p.x) + 7)}" y="${f(sy(p.y) - 6)}" fill="#175">${short(p.x)}</text>`;
  const hl = points.find((p) => p.highlight);
  if (hl) body += `<text x="${f(sx(hl.x) + 9)}" y="${f(sy(hl.y) + 14)}" fill="#d60" font-weight="bold">recommended</text>`;
  return frame(title, ax.log ? `${xLabel}, log scale` : xLabel, yLabel, body);
}

export interface WaterfallStep {
  readonly label: string;
  /** Positive = saving (the bar goes down). */
  readonly delta: number;
}

/** From a start value down (or up) by each step to the end value. */
export function waterfallChart(title: string, unit: string, start: number, steps: readonly WaterfallStep[]): string {
  const bars: { label: string; from: number; to: number; kind: 'total' | 'down' | 'up' }[] = [{ label: 'baseline', from: 0, to: start, kind: 'total' }];
  let level = start;
  for (const s of steps) {
    bars.push({ label: s.label, from: level, to: level - s.delta, kind: s.delta >= 0 ? 'down' : 'up' });
    level -= s.delta;
  }
  bars.push({ label: 'recommended', from: 0, to: level, kind: 'total' });
  const top = Math.max(...bars.map((b) => Math.max(b.from, b.to))) * 1.05 || 1;
  const sy = scaleLinear(0, top, H - PAD.b, PAD.t);
  const bw = (W - PAD.l - PAD.r) / bars.length;
  let body = '';
  for (const t of ticks(0, top)) body += `<text x="${PAD.l - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${short(t)}</text>`;
  bars.forEach((b, i) => {
    const x = PAD.l + i * bw + bw * 0.15;
    const yTop = sy(Math.max(b.from, b.to));
    const h = Math.max(1, Math.abs(sy(b.from) - sy(b.to)));
    const fill = b.kind === 'total' ? '#557' : b.kind === 'down' ? '#2a7' : '#c33';
    body += `<rect x="${f(x)}" y="${f(yTop)}" width="${f(bw * 0.7)}" height="${f(h)}" fill="${fill}"><title>${esc(`${b.label}: ${short(b.to - b.from)} ${unit}`)}</title></rect>`;
    body += `<text x="${f(x + bw * 0.35)}" y="${H - PAD.b + 14}" text-anchor="middle">${esc(b.label)}</text>`;
    const v = b.kind === 'total' ? b.to : b.to - b.from;
    body += `<text x="${f(x + bw * 0.35)}" y="${f(yTop - 4)}" text-anchor="middle" fill="${b.kind === 'up' ? '#c33' : '#333'}">${b.kind === 'total' ? short(v) : `${v < 0 ? '−' : v > 0 ? '+' : ''}${short(Math.abs(v))}`}</text>`;
  });
  return frame(title, '', unit, body);
}

export interface StackedBar {
  readonly label: string;
  readonly parts: readonly { readonly name: string; readonly value: number }[];
}

const PALETTE = ['#557', '#2a7', '#d60', '#39c', '#c33', '#999'];

/**
 * Horizontal stacked bars (e.g. operational vs embodied), one row per bar, each labelled with its total and the
 * share of every part, so a bar too short to see still reads.
 */
export function stackedBarChart(title: string, unit: string, bars: readonly StackedBar[]): string {
  const names = [...new Set(bars.flatMap((b) => b.parts.map((p) => p.name)))];
  const totals = bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0));
  const max = Math.max(...totals) * 1.05 || 1;
  const left = 130;
  const right = 230; // room for the value label after the longest bar
  const rowH = 34;
  const top = 28;
  const axisY = top + bars.length * rowH + 14;
  const height = axisY + 40;
  const sx = scaleLinear(0, max, left, W - right);
  let body = '';
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    let x = 0;
    body += `<text x="${left - 6}" y="${f(y + rowH * 0.6)}" text-anchor="end">${esc(b.label)}</text>`;
    for (const p of b.parts) {
      const c = PALETTE[names.indexOf(p.name) % PALETTE.length];
      body += `<rect x="${f(sx(x))}" y="${f(y + 4)}" width="${f(Math.max(0, sx(x + p.value) - sx(x)))}" height="${f(rowH - 8)}" fill="${c}"><title>${esc(`${b.label} ${p.name}: ${short(p.value)} ${unit}`)}</title></rect>`;
      x += p.value;
    }
    const shares = totals[i] > 0 ? b.parts.map((p) => `${Math.round((p.value / totals[i]) * 100)}% ${p.name}`).join(', ') : '';
    body += `<text x="${f(sx(totals[i]) + 6)}" y="${f(y + rowH * 0.6)}">${esc(`${short(totals[i])} ${unit}${shares ? ` (${shares})` : ''}`)}</text>`;
  });
  body += `<line x1="${left}" x2="${f(sx(max))}" y1="${axisY - 12}" y2="${axisY - 12}" stroke="#333"/>`;
  for (const t of ticks(0, max)) body += `<text x="${f(sx(t))}" y="${axisY}" text-anchor="middle">${short(t)}</text>`;
  names.forEach((n, i) => {
    body += `<rect x="${left + i * 120}" y="${height - 20}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${left + i * 120 + 14}" y="${height - 11}">${esc(n)}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="11">` +
    `<title>${esc(title)}</title><text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(`${title} (${unit})`)}</text>` +
    body +
    `</svg>`
  );
}

export interface Line {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * Lines over years, e.g. absolute totals of baseline and recommendation against today's baseline. The value axis
 * turns logarithmic when the lines span more than LOG_AXIS_SPAN× (a 98 % saving would otherwise sit on the axis);
 * each line ends with its last value.
 */
export function lineChart(title: string, xLabel: string, yLabel: string, lines: readonly Line[]): string {
  const n = Math.max(...lines.map((l) => l.values.length));
  const ax = axis(lines.flatMap((l) => l.values), H - PAD.b, PAD.t);
  const sx = scaleLinear(0, Math.max(1, n - 1), PAD.l, W - PAD.r - 60);
  const sy = ax.at;
  let body = '';
  for (let i = 0; i < n; i++) body += `<text x="${f(sx(i))}" y="${H - PAD.b + 14}" text-anchor="middle">${i}</text>`;
  for (const t of ax.ticks) {
    body += `<line x1="${PAD.l}" x2="${W - PAD.r - 60}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#eee"/>`;
    body += `<text x="${PAD.l - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${short(t)}</text>`;
  }
  lines.forEach((l, k) => {
    const c = PALETTE[k % PALETTE.length];
    body += `<polyline fill="none" stroke="${c}" stroke-width="2" points="${l.values.map((v, i) => `${f(sx(i))},${f(sy(v))}`).join(' ')}"/>`;
    const last = l.values.length - 1;
    if (last >= 0) body += `<text x="${f(sx(last) + 4)}" y="${f(sy(l.values[last]) + 4)}" fill="${c}">${short(l.values[last])}</text>`;
    body += `<text x="${PAD.l + 8}" y="${PAD.t + 12 + k * 14}" fill="${c}">${esc(l.name)}</text>`;
  });
  return frame(title, xLabel, ax.log ? `${yLabel} (log scale)` : yLabel, body);
}
