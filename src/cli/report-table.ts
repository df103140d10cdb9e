/** The ledger report as a terminal table (the `report` command and the quick start print the same thing). */
import type { Report } from '../ledger/report/report.js';
import { humanReport } from '../ledger/report/report-render.js';
import { bold, dim, table } from './format.js';

/** `title`, the rows, the GHG view; with `notes` (default) also the GHG note and the fallbacks. */
export function reportTableText(r: Report, title: string, o: { notes?: boolean } = {}): string {
  const h = humanReport(r);
  const lines = [bold(title), table(h.table.rows, h.table.header), '', bold('GHG view'), table(h.ghg.rows, h.ghg.header)];
  if (o.notes ?? true) {
    lines.push(dim(h.note));
    if (h.fallbacks.length) lines.push('', bold('Fallbacks'), ...h.fallbacks.map((x) => `  ${x}`));
  }
  return lines.join('\n') + '\n';
}
