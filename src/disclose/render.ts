/** One disclosure result in the format asked for: JSON (the typed result, unrounded), Markdown, HTML or PDF. */
import type { DisclosureDocument } from './document.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { htmlToPdf } from './render-pdf.js';

export const DISCLOSE_FORMATS = ['json', 'md', 'html', 'pdf'] as const;
export type DiscloseFormat = (typeof DISCLOSE_FORMATS)[number];

export async function renderDisclosure(
  result: { readonly document: DisclosureDocument },
  format: DiscloseFormat,
  generatedAt: string,
): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return JSON.stringify({ ...result, generatedAt }, null, 2) + '\n';
    case 'md':
      return renderMarkdown(result.document);
    case 'html':
      return renderHtml(result.document, generatedAt);
    case 'pdf':
      return htmlToPdf(renderHtml(result.document, generatedAt));
  }
}
