/** Shared by the disclose verbs: --format/--out/--strict, writing the result, and exit 3 for N/A items under --strict. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InfeasibleError, TokenprintError } from '../../core/errors.js';
import type { DisclosureDocument } from '../../disclose/document.js';
import { DISCLOSE_FORMATS, type DiscloseFormat, renderDisclosure } from '../../disclose/render.js';
import { parseChoice } from '../parse.js';

export interface OutputFlags {
  format: string;
  out?: string;
  strict?: boolean;
}

export function outputOptions(cmd: Command, defaultFormat: DiscloseFormat = 'md'): Command {
  return cmd
    .option('--format <f>', `output: ${DISCLOSE_FORMATS.join('|')} (pdf prints the HTML through Debian's chromium)`, defaultFormat)
    .option('--out <file>', 'write to a file instead of stdout (required for pdf)')
    .option('--strict', 'exit 3 when any item is N/A (missing or withheld input)');
}

export function formatOf(f: OutputFlags): DiscloseFormat {
  const format = parseChoice<DiscloseFormat>(f.format, '--format', DISCLOSE_FORMATS);
  if (format === 'pdf' && !f.out) throw new TokenprintError('INVALID_INPUT', '--format pdf: give --out FILE.pdf (a PDF is not written to a terminal)');
  return format;
}

export async function emit(result: { readonly document: DisclosureDocument }, f: OutputFlags): Promise<void> {
  const format = formatOf(f);
  const body = await renderDisclosure(result, format, new Date().toISOString());
  if (f.out) {
    try {
      await writeFile(f.out, body);
    } catch (e) {
      throw new TokenprintError('IO_ERROR', `cannot write ${f.out}: ${(e as Error).message}`);
    }
    process.stderr.write(`tokenprint: ${result.document.kind} written to ${f.out}\n`);
  } else process.stdout.write(body);
  const missing = result.document.missing;
  if (missing.length) {
    process.stderr.write(`tokenprint: ${missing.length} item(s) N/A: ${missing.map((m) => m.id).join(', ')}${f.strict ? '' : ' (--strict makes this exit 3)'}\n`);
    if (f.strict) throw new InfeasibleError(`--strict: ${missing.map((m) => `${m.id} (${m.reason})`).join('; ')}`);
  }
}
