/**
 * The dashboard: the files Vite built from web/ (dist/web), read from that folder only.
 * Paths are resolved and must stay inside the folder; unknown paths under / get index.html (the dashboard routes
 * its own pages), while /v1, /emissions and other API paths keep their problem+json 404.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { App } from './context.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file for a URL path inside root, or undefined (a path that leaves root never resolves). */
export function fileFor(root: string, urlPath: string): string | undefined {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (p.includes('\0')) return undefined;
  const abs = resolve(root, '.' + normalize('/' + p));
  if (abs !== root && !abs.startsWith(root + sep)) return undefined;
  return existsSync(abs) && statSync(abs).isFile() ? abs : undefined;
}

export function webRoutes(app: App, webDir: string | undefined): void {
  const root = webDir ? resolve(webDir) : undefined;
  app.get('*', (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/v1/') || path.startsWith('/emissions/') || path === '/v1') return next();
    if (!root || !existsSync(join(root, 'index.html'))) {
      return c.text('The dashboard is not built: run `npm run build:web` (npm ci runs it). The API is at /docs and /openapi.json.', 404);
    }
    const f = (path === '/' ? undefined : fileFor(root, path)) ?? join(root, 'index.html');
    const type = TYPES[extname(f)] ?? 'application/octet-stream';
    const immutable = f.includes(`${sep}assets${sep}`);
    return c.body(readFileSync(f), 200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', 'x-content-type-options': 'nosniff' });
  });
}
