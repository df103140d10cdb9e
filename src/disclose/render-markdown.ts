/** A disclosure document as Markdown: one table per section, the methodology paragraphs, the N/A list. */
import type { DisclosureDocument, Figure } from './document.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function row(f: Figure, withRecipients: boolean): string {
  const value = f.naReason !== undefined ? `N/A — ${f.naReason}` : f.display;
  const rec = f.recipients?.length ? f.recipients.join(', ') : '';
  return `| ${cell(f.id)} | ${cell(f.label)} | ${cell(value)} | ${cell(f.method + (f.boundary ? ` · boundary: ${f.boundary}` : ''))} | ${cell(f.source)} |${withRecipients ? ` ${rec} |` : ''}`;
}

export function renderMarkdown(d: DisclosureDocument): string {
  const out: string[] = [`# ${d.title}`, '', `_${d.subtitle}_`, ''];
  for (const s of d.sections) {
    out.push(`## ${s.title}`, '');
    if (s.intro) out.push(s.intro, '');
    if (s.figures.length) {
      const r = s.figures.some((f) => f.recipients?.length);
      out.push(
        `| item | label | value | method | source |${r ? ' recipients |' : ''}`,
        `|---|---|---|---|---|${r ? '---|' : ''}`,
        ...s.figures.map((f) => row(f, r)),
        '',
      );
    }
    for (const p of s.paragraphs ?? []) out.push(`**${p.id} ${p.label}**${p.recipients ? ` (${p.recipients.join(', ')})` : ''}`, '', p.text, '');
    for (const n of s.notes ?? []) out.push(`- ${n}`);
    if (s.notes?.length) out.push('');
  }
  if (d.appendixMarkdown) out.push('---', '', d.appendixMarkdown);
  out.push(d.missing.length ? `**Not available (${d.missing.length}):** ${d.missing.map((m) => `${m.id} (${m.reason})`).join('; ')}` : '**Every item is filled.**', '');
  return out.join('\n');
}
