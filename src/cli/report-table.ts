/** The ledger report as a terminal table (the `report` command and the quick start print the same thing). */
import type { Report } from '../ledger/report/report.js';
import { humanReport } from '../ledger/report/report-render.js';
import { bold, dim, fitTable } from './format.js';

/** `title`, the rows, the GHG view; with `notes` (default) also the GHG note and the fallbacks. */
export function reportTableText(r: Report, title: string, o: { notes?: boolean; wide?: boolean } = {}): string {
  const h = humanReport(r);
  // Fit the terminal: ranges (then trailing columns) are left out past its width, and a note says so (--wide keeps all).
  const main = fitTable(h.table.rows, h.table.header, { wide: o.wide });
  const ghg = fitTable(h.ghg.rows, h.ghg.header, { wide: o.wide });
  const lines = [bold(title), main.text, ...(main.note ? [dim(main.note)] : []), '', bold('GHG view'), ghg.text, ...(ghg.note ? [dim(ghg.note)] : [])];
  if (o.notes ?? true) {
    lines.push(dim(h.note));
    if (h.fallbacks.length) lines.push('', bold('Fallbacks'), ...h.fallbacks.map((x) => `  ${x}`));
  }
  return lines.join('\n') + '\n';
}
