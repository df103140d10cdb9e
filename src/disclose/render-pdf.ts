/**
 * Prints a disclosure's HTML to PDF through the system's Chromium (Debian package `chromium`), driven by
 * playwright-core with an explicit executablePath: no browser is ever downloaded. When Chromium is missing the
 * error says how to install it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenprintError } from '../core/errors.js';

/** Debian's Chromium; TOKENPRINT_CHROMIUM points elsewhere (another distribution's path). */
export function chromiumPath(): string {
  return process.env.TOKENPRINT_CHROMIUM ?? '/usr/bin/chromium';
}

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function htmlToPdf(html: string): Promise<Buffer> {
  const exe = chromiumPath();
  if (!existsSync(exe)) {
    throw new TokenprintError(
      'NOT_FOUND',
      `--format pdf needs Chromium at ${exe}, which is not there. Install it (Debian/Ubuntu: sudo apt-get install chromium) or point TOKENPRINT_CHROMIUM at a Chromium binary; or write --format html and print that.`,
      { path: exe },
    );
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tokenprint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: FLAGS.slice(1) });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // The HTML is self-contained: block every request so printing never touches the network.
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
