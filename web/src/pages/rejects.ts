/** Rejects: what the ledger refused, by request and line, with the reason. */
import { json } from '../api';
import { esc } from '../format';

export async function rejects(main: HTMLElement): Promise<void> {
  const r = await json<{ total: number; rejects: { ingest: number; request: string; line: number; reason: string; raw: string | null }[] }>('/v1/rejects?limit=200');
  main.innerHTML = `<h1>Rejects <small>${r.total.toLocaleString('en-US')} refused</small></h1>
  <p class="muted">Every refused record keeps its request, line and reason: read = accepted + rejected + duplicates.</p>
  <div class="scroll"><table><thead><tr><th scope="col">ingest</th><th scope="col">request</th><th scope="col">line</th><th scope="col">reason</th></tr></thead><tbody>
  ${r.rejects.map((x) => `<tr><td>${x.ingest}</td><td><code>${esc(x.request)}</code></td><td>${x.line}</td><td>${esc(x.reason)}</td></tr>`).join('') || '<tr><td colspan="4">none</td></tr>'}
  </tbody></table></div>${r.total > r.rejects.length ? `<p class="muted">${r.total - r.rejects.length} more: GET /v1/rejects?limit=${r.total}</p>` : ''}`;
}
