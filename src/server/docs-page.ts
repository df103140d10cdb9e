/** /docs: the OpenAPI document as a readable page (server-rendered, no script, no CDN). */
import type { App } from './context.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Op {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { pattern?: string; enum?: unknown[] } }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string }>;
  tags?: string[];
}

export function docsPage(app: App): string {
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'tokenprint', version: '' } });
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Op>)) {
      const op = raw;
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})${p.description ? ` — ${esc(p.description)}` : ''}${p.schema?.pattern ? ` <small>pattern <code>${esc(p.schema.pattern)}</code></small>` : ''}${p.schema?.enum ? ` <small>one of ${esc(p.schema.enum.join(', '))}</small>` : ''}</li>`)
        .join('');
      const body = op.requestBody?.content ? `<p>Body: ${Object.keys(op.requestBody.content).map((t) => `<code>${esc(t)}</code>`).join(', ')}</p>` : '';
      const resp = Object.entries(op.responses ?? {}).map(([s, r]) => `<code>${esc(s)}</code> ${esc(r.description ?? '')}`).join(' · ');
      rows.push(`<section><h2><span class="m">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2><p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}${params ? `<ul>${params}</ul>` : ''}${body}<p><small>${resp}</small></p></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>tokenprint API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2433}h2{font-size:1.05rem;margin:1.6rem 0 .3rem}.m{display:inline-block;min-width:3.5rem;font-weight:700;color:#0b5cad}code{background:#f2f4f8;padding:0 .25rem;border-radius:3px}section{border-top:1px solid #dde2ea}</style></head>
<body><h1>tokenprint HTTP API</h1><p>The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Send keys as <code>Authorization: Bearer tpk_…</code>. Errors are <code>application/problem+json</code> with the CLI's error codes.</p>${rows.join('\n')}</body></html>`;
}
