// The github reporter: workflow-command annotations on stdout, and a Markdown summary for
// $GITHUB_STEP_SUMMARY (the CLI appends it when the variable is set).
import type { ConformanceReport } from '../run.js';
import { DOCS_COMMAND, docsHint } from '../../webhooks/docs-link.js';
import { statusSymbols, statusWords } from './symbols.js';

/** Escapes a workflow command's message (%, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also : and ,). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error` per failed check (with the fix), `::notice` per skipped one, and a closing line.
 *
 * @example process.stdout.write(formatGithubAnnotations(report))
 */
export function formatGithubAnnotations(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.status === 'failed') {
      lines.push(`::error title=${escapeProperty(`credkit conformance: ${r.id}`)}::${escapeData(`${r.message}\nfix: ${r.hint}\ndocs: ${docsHint(r.docsUrl)}`)}`);
    } else if (r.status === 'skipped') {
      lines.push(`::notice title=${escapeProperty(`credkit conformance: ${r.id} skipped`)}::${escapeData(`${r.message}${r.hint ? `\n${r.hint}` : ''}`)}`);
    }
  }
  const { passed, failed, skipped, notApplicable } = report.summary;
  lines.push(`credkit conformance (${report.profile}): ${passed} passed, ${failed} failed, ${skipped} skipped, ${notApplicable} not applicable`);
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The Markdown job summary: a table of every check, then the failures with their fixes.
 *
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY!, formatGithubSummary(report))
 */
export function formatGithubSummary(report: ConformanceReport): string {
  const { passed, failed, skipped, notApplicable } = report.summary;
  const lines = [
    `## credkit conformance: ${failed === 0 ? 'passed' : `${failed} failed`}`,
    '',
    `Profile \`${report.profile}\` against \`${report.url}\`${report.probe ? ` with probe \`${report.probe}\`` : ' without a probe'}: **${passed} passed, ${failed} failed, ${skipped} skipped, ${notApplicable} not applicable** in ${(report.durationMs / 1000).toFixed(1)} s.`,
    '',
    '| | Check | Result | Time |',
    '|---|---|---|---|',
    ...report.results.map((r) => `| ${statusSymbols[r.status]} | \`${r.id}\` ${cell(r.title)} | ${statusWords[r.status]}${r.status === 'passed' ? '' : `: ${cell(r.message)}`} | ${r.durationMs} ms |`),
  ];
  const failures = report.results.filter((r) => r.status === 'failed');
  if (failures.length > 0) {
    lines.push('', '### How to fix', '');
    // Not a Markdown link: a relative one would resolve on github.com, and the docs site ships in the package.
    for (const r of failures) lines.push(`- **\`${r.id}\`**: ${cell(r.message)}  \n  Fix: ${cell(r.hint)}  \n  Docs: \`${r.docsUrl}\` (\`${DOCS_COMMAND} ${r.docsUrl}\`)`);
  }
  return `${lines.join('\n')}\n`;
}
