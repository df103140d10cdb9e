import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TokenprintError } from '../../core/errors.js';
import { loadScenarioFile } from '../../plan/scenario.js';
import { runPlan } from '../../plan/plan.js';
import { renderPlanHtml, renderPlanMarkdown, renderPlanText } from '../../plan/report/plan-report.js';
import { parseChoice } from '../parse.js';

const FORMATS = ['table', 'json', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('what-if planner: options, Pareto front of quality vs carbon, recommendation, levers and rebound (docs/planning.md)')
    .argument('<scenario>', 'scenario YAML (see examples/scenario.yaml)')
    .option('--format <f>', `output: ${FORMATS.join('|')}`, 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .action((file: string, f: { format: string; out?: string }) => {
      const format = parseChoice<Format>(f.format, '--format', FORMATS);
      const report = runPlan(loadScenarioFile(file));
      const text =
        format === 'json'
          ? JSON.stringify(report, null, 2) + '\n'
          : format === 'md'
            ? renderPlanMarkdown(report)
            : format === 'html'
              ? renderPlanHtml(report)
              : renderPlanText(report);
      if (f.out) {
        try {
          writeFileSync(f.out, text);
        } catch (e) {
          throw new TokenprintError('IO_ERROR', `cannot write ${f.out}: ${(e as Error).message}`);
        }
        process.stderr.write(`tokenprint: plan written to ${f.out}\n`);
      } else process.stdout.write(text);
    });
}
