/**
 * Disclosures and exports: the period's report (CSV, Markdown, HTML, JSON), the ledger's disclose documents (GHG,
 * ESRS, SCI) and, from a training-run file the user picks, the EU AI Act and model-card documents; the AI Energy
 * Score label of a model. Every disclosure in Markdown, HTML, JSON or PDF.
 */
import { ApiError, download } from '../api';
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

const FORMATS = ['md', 'html', 'json', 'pdf'] as const;
const RUN_DISCLOSURES = [
  ['eu-ai-act', 'EU AI Act Model Documentation Form (compute, energy)'],
  ['model-card', 'Model card: environmental impact'],
] as const;

const buttons = (attr: string, kind: string) => FORMATS.map((f) => `<button type="button" ${attr}="${kind}" data-fmt="${f}">${f.toUpperCase()}</button>`).join(' ');

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
  <ul class="downloads">${DISCLOSURES.map(([k, label]) => `<li>${esc(label)}: ${buttons('data-disclose', k)}</li>`).join('')}</ul>
  <h2>Training run</h2>
  <p class="muted">From a training-run file (examples/run.yaml; YAML or JSON), as <code>npx tokenprint disclose eu-ai-act|model-card run.yaml</code> writes them. The file is sent to the server for this document only.</p>
  <p><label for="runfile">Run file</label> <input id="runfile" type="file" accept=".yaml,.yml,.json,application/yaml,application/json"></p>
  <ul class="downloads">${RUN_DISCLOSURES.map(([k, label]) => `<li>${esc(label)}: ${buttons('data-run', k)}</li>`).join('')}</ul>
  <h2>AI Energy Score label (estimated)</h2>
  <p><label for="es-model">Model</label> <input id="es-model" value="llama-3.1-8b-instruct" size="28"> <label for="es-out">output tokens per query</label> <input id="es-out" type="number" min="1" step="1" value="200"></p>
  <ul class="downloads"><li>Energy score: ${buttons('data-score', 'energy-score')}</li></ul>
  <p id="dl-status" role="status" class="muted"></p>`;
  const status = main.querySelector<HTMLElement>('#dl-status')!;
  const fetchFile = async (path: string, name: string, init?: RequestInit) => {
    try {
      await download(path, name, init);
      status.textContent = `downloaded ${name}`;
    } catch (e) {
      status.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  };
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-run]')) {
    b.addEventListener('click', async () => {
      const file = main.querySelector<HTMLInputElement>('#runfile')!.files?.[0];
      if (!file) {
        status.textContent = 'choose a training-run file first (examples/run.yaml)';
        return;
      }
      const type = file.name.toLowerCase().endsWith('.json') ? 'application/json' : 'application/yaml';
      const kind = b.dataset.run!;
      await fetchFile(`/v1/disclose/${kind}?format=${b.dataset.fmt!}`, `tokenprint-${kind}.${b.dataset.fmt!}`, { method: 'POST', headers: { 'content-type': type }, body: await file.text() });
    });
  }
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-score]')) {
    b.addEventListener('click', async () => {
      const model = main.querySelector<HTMLInputElement>('#es-model')!.value.trim();
      const outputTokens = Number(main.querySelector<HTMLInputElement>('#es-out')!.value);
      const body = JSON.stringify({ model, ...(Number.isInteger(outputTokens) && outputTokens > 0 ? { outputTokens } : {}) });
      await fetchFile(`/v1/disclose/energy-score?format=${b.dataset.fmt!}`, `tokenprint-energy-score.${b.dataset.fmt!}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    });
  }
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-format]')) {
    b.addEventListener('click', async () => {
      const spec = FILES.find((x) => x[0] === b.dataset.format)!;
      const extra: Record<string, string> = { format: spec[0] };
      if (spec[2]) extra.by = spec[2].slice(3);
      const name = `tokenprint-report-${params.get('from') ?? 'all'}${params.get('to') ? `_${params.get('to')}` : ''}.${spec[0]}`;
      await fetchFile(reportQuery(params, extra), name);
    });
  }
  for (const b of main.querySelectorAll<HTMLButtonElement>('button[data-disclose]')) {
    b.addEventListener('click', async () => {
      const kind = b.dataset.disclose!;
      const fmt = b.dataset.fmt!;
      const name = `tokenprint-${kind}-${params.get('from') ?? 'all'}${params.get('to') ? `_${params.get('to')}` : ''}.${fmt}`;
      await fetchFile(disclosePath(kind, params, fmt), name);
    });
  }
}
