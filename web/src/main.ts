/** The dashboard shell: sign-in with a read key, the filter bar (in the URL), and the pages. */
import './style.css';
import { ApiError, getKey, json, setKey, type Report } from './api';
import { disposeCharts } from './charts';
import { esc } from './format';
import { FILTERS, currentView, href } from './state';
import { overview } from './pages/overview';
import { trends } from './pages/trends';
import { ghg } from './pages/ghg';
import { rejects } from './pages/rejects';
import { plan } from './pages/plan';
import { exportsPage } from './pages/exports';

const PAGES: [string, string][] = [
  ['overview', 'Overview'],
  ['trends', 'Trends'],
  ['ghg', 'GHG & quality'],
  ['rejects', 'Rejects'],
  ['plan', 'Plan'],
  ['exports', 'Disclosures'],
];

const main = document.querySelector<HTMLElement>('#main')!;
const nav = document.querySelector<HTMLElement>('#nav')!;
const form = document.querySelector<HTMLFormElement>('#filters')!;
const signout = document.querySelector<HTMLButtonElement>('#signout')!;

function go(params: URLSearchParams, page = currentView().page): void {
  location.hash = href(page, params);
}

function signIn(message = ''): void {
  nav.innerHTML = '';
  form.hidden = true;
  signout.hidden = true;
  main.innerHTML = `<section class="signin"><h1>Sign in</h1><p>Paste an API key with the <em>read</em> role (from <code>npx tokenprint keys create --tenant T --role read</code>). It stays in this browser tab only.</p>
  <form id="signin"><label for="key">API key</label><input id="key" name="key" type="password" autocomplete="off" required placeholder="tpk_…" /><button type="submit">Sign in</button></form>
  ${message ? `<p class="error" role="alert">${esc(message)}</p>` : ''}</section>`;
  main.querySelector<HTMLFormElement>('#signin')!.addEventListener('submit', (e) => {
    e.preventDefault();
    setKey((main.querySelector<HTMLInputElement>('#key')!.value || '').trim());
    void render();
  });
  main.querySelector<HTMLInputElement>('#key')!.focus();
}

/** Options for the filter selects: the values the ledger holds in the period. */
async function filterBar(params: URLSearchParams, view: HTMLElement): Promise<void> {
  const q = new URLSearchParams();
  for (const f of ['from', 'to'] as const) if (params.get(f)) q.set(f, params.get(f)!);
  q.set('by', 'team,model,region');
  const r = await json<Report>(`/v1/report?${q}`);
  if (!view.isConnected) return; // a newer view replaced this one meanwhile
  const values = (d: string) => [...new Set(r.rows.map((x) => x.keys[d]))].sort();
  const select = (d: string, label: string) =>
    `<label>${label} <select name="${d}"><option value="">all</option>${values(d).map((v) => `<option ${params.get(d) === v ? 'selected' : ''}>${esc(v)}</option>`).join('')}</select></label>`;
  form.innerHTML = `<label>From <input name="from" size="10" placeholder="YYYY-MM[-DD]" pattern="\\d{4}-\\d{2}(-\\d{2})?" value="${esc(params.get('from') ?? '')}" /></label>
  <label>To <input name="to" size="10" placeholder="YYYY-MM[-DD]" pattern="\\d{4}-\\d{2}(-\\d{2})?" value="${esc(params.get('to') ?? '')}" /></label>
  ${select('team', 'Team')}${select('model', 'Model')}${select('region', 'Region')}<button type="submit">Apply</button>`;
  form.hidden = false;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = new URLSearchParams(currentView().params);
  const data = new FormData(form);
  for (const f of FILTERS) {
    const v = String(data.get(f) ?? '').trim();
    if (v) q.set(f, v);
    else q.delete(f);
  }
  go(q);
});
form.addEventListener('change', (e) => {
  if ((e.target as HTMLElement).tagName === 'SELECT') form.requestSubmit();
});
signout.addEventListener('click', () => {
  setKey(null);
  signIn();
});

async function render(): Promise<void> {
  disposeCharts();
  delete main.dataset.ready;
  if (!getKey()) return signIn();
  const { page, params } = currentView();
  // No period chosen: the latest month with events (written into the URL, so the link names the period).
  if (!params.get('from') && !params.get('to') && page !== 'plan' && page !== 'rejects') {
    try {
      const months = await json<Report>('/v1/report?by=month');
      const last = months.rows.map((x) => x.keys.month).sort().pop();
      if (last) {
        params.set('from', last);
        params.set('to', last);
        history.replaceState(null, '', href(page, params));
      }
    } catch (e) {
      return fail(e);
    }
  }
  nav.innerHTML = PAGES.map(([id, label]) => `<a href="${href(id, params)}"${id === page ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  signout.hidden = false;
  // Each render draws into its own element: a slower, older render finishing late writes into a detached one.
  const view = document.createElement('div');
  view.innerHTML = '<p class="muted">loading…</p>';
  main.replaceChildren(view);
  try {
    if (page !== 'plan' && page !== 'rejects') await filterBar(params, view);
    else form.hidden = true;
    if (page === 'trends') await trends(view, params, (q) => go(q));
    else if (page === 'ghg') await ghg(view, params);
    else if (page === 'rejects') await rejects(view);
    else if (page === 'plan') await plan(view);
    else if (page === 'exports') await exportsPage(view, params);
    else await overview(view, params);
    // The view this page shows, once drawn (tests and screen readers know the page has settled).
    if (view.isConnected) main.dataset.ready = href(page, params);
  } catch (e) {
    if (view.isConnected) fail(e, view);
  }
}

function fail(e: unknown, view: HTMLElement = main): void {
  if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
    setKey(null);
    return signIn(e.message);
  }
  if (e instanceof ApiError && e.code === 'NOT_FOUND') {
    view.innerHTML = `<h1>No data yet</h1><p>${esc(e.message)}</p>`;
    return;
  }
  view.innerHTML = `<p class="error" role="alert">${esc(e instanceof Error ? e.message : String(e))}</p>`;
}

window.addEventListener('hashchange', () => void render());
void render();
