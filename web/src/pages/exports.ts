/** Disclosures and exports: downloads of the period's report (CSV, Markdown, HTML, JSON). */
import { download } from '../api';
import { esc } from '../format';
import { reportQuery } from '../state';

const FILES = [
  ['csv', 'CSV (by team, model, provider)', 'by=team,model,provider'],
  ['md', 'Markdown report', 'by=team'],
  ['html', 'HTML report (self-contained, charts included)', ''],
  ['json', 'JSON (the API shape, with ranges)', 'by=team,model'],
] as const;

export async function exportsPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  main.innerHTML = `<h1>Disclosures &amp; exports</h1>
  <p class="muted">The period's footprint as files, for the filters above. The compliance outputs of the disclose job (GHG inventory, ESRS, SCI, EU AI Act) are not in this build of the server yet.</p>
  <ul class="downloads">${FILES.map(([f, label]) => `<li><button type="button" data-format="${f}">Download ${esc(label)}</button></li>`).join('')}</ul>
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
}
