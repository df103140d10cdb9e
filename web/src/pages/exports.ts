/** Disclosures and exports: the period's report (CSV, Markdown, HTML, JSON) and the disclose documents (GHG, ESRS, SCI). */
import { download } from '../api';
import { esc } from '../format';
import { reportQuery } from '../state';

const FILES = [
  ['csv', 'CSV (by team, model, provider)', 'by=team,model,provider'],
  ['md', 'Markdown report', 'by=team'],
  ['html', 'HTML report (self-contained, charts included)', ''],
  ['json', 'JSON (the API shape, with ranges)', 'by=team,model'],
] as const;

const DISCLOSURES = [
  ['ghg', 'GHG Protocol inventory'],
  ['esrs', 'ESRS E1-5/E1-6 datapoints'],
  ['sci', 'Software Carbon Intensity (per 1k tokens)'],
] as const;

/** The period's from/to for GET /v1/disclose (the disclose documents are of the whole ledger, not a team). */
function disclosePath(kind: string, params: URLSearchParams, format: string): string {
  const q = new URLSearchParams({ format });
  for (const f of ['from', 'to']) {
    const v = params.get(f);
    if (v) q.set(f, v);
  }
  return `/v1/disclose/${kind}?${q.toString()}`;
}

export async function exportsPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  main.innerHTML = `<h1>Disclosures &amp; exports</h1>
  <p class="muted">The period's footprint as files, for the filters above.</p>
  <ul class="downloads">${FILES.map(([f, label]) => `<li><button type="button" data-format="${f}">Download ${esc(label)}</button></li>`).join('')}</ul>
  <h2>Disclosures</h2>
  <p class="muted">Compliance documents of the period (whole ledger; team and model filters do not apply), as <code>npx tokenprint disclose</code> writes them.</p>
  <ul class="downloads">${DISCLOSURES.map(([k, label]) => `<li>${esc(label)}: ${['md', 'html', 'json'].map((f) => `<button type="button" data-disclose="${k}" data-fmt="${f}">${f.toUpperCase()}</button>`).join(' ')}</li>`).join('')}</ul>
  <p id="dl-status" role="status" class="muted"></p>`;
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-format]')) {
    b.addEventListener('click', async () => {
      const spec = FILES.find((x) => x[0] === b.dataset.format)!;
      const extra: Record<string, string> = { format: spec[0] };
      if (spec[2]) extra.by = spec[2].slice(3);
      const name = `tokenprint-report-${params.get('from') ?? 'all'}${params.get('to') ? `_${params.get('to')}` : ''}.${spec[0]}`;
      await download(reportQuery(params, extra), name);
      main.querySelector('#dl-status')!.textContent = `downloaded ${name}`;
    });
  }
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-disclose]')) {
    b.addEventListener('click', async () => {
      const kind = b.dataset.disclose!;
      const fmt = b.dataset.fmt!;
      const name = `tokenprint-${kind}-${params.get('from') ?? 'all'}${params.get('to') ? `_${params.get('to')}` : ''}.${fmt}`;
      await download(disclosePath(kind, params, fmt), name);
      main.querySelector('#dl-status')!.textContent = `downloaded ${name}`;
    });
  }
}
