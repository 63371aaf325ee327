// The default reporter: one line per check as results arrive (in catalog order), then every
// failure in full (what was sent, what came back, why it matters, the fix), then the summary.
import type { CheckResult } from '../check.js';
import type { ConformanceReport } from '../run.js';
import { docsHint } from '../../webhooks/docs-link.js';
import { createPaint, paintStatus, statusSymbols, statusWords, type Paint } from './symbols.js';

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** One progress line, e.g. `  ✓ signature.valid  Accepts a correctly signed delivery (2 ms)`. */
export function formatCheckLine(result: CheckResult, paint: Paint): string {
  const symbol = paintStatus(paint, result.status, statusSymbols[result.status]);
  const time = result.status === 'not_applicable' ? '' : paint.gray(` (${formatMs(result.durationMs)})`);
  const note = result.status === 'passed' || result.status === 'failed' ? '' : paint.gray(`\n      ${statusWords[result.status]}: ${result.message}`);
  return `  ${symbol} ${result.id.padEnd(22)} ${result.title}${time}${note}`;
}

/**
 * Prints results as they arrive, keeping catalog order (a result waits for the ones before it).
 *
 * @example const progress = createProgressPrinter({ ids, write: (s) => process.stdout.write(s), paint });
 * await runConformance({ …, onCheckEnd: progress.onCheckEnd });
 */
export function createProgressPrinter({ ids, write, paint }: { readonly ids: readonly string[]; readonly write: (text: string) => void; readonly paint: Paint }) {
  const done = new Map<string, CheckResult>();
  let next = 0;
  return {
    onCheckEnd(result: CheckResult): void {
      done.set(result.id, result);
      while (next < ids.length && done.has(ids[next]!)) {
        write(`${formatCheckLine(done.get(ids[next]!)!, paint)}\n`);
        next++;
      }
    },
  };
}

/** The header line of a run. */
export function formatRunHeader(info: { readonly profile: string; readonly url: string; readonly probe: string | null }, paint: Paint): string {
  return `${paint.bold('credkit conformance')} ${info.url} (profile ${info.profile}${info.probe ? `, probe ${info.probe}` : ', no probe'})\n`;
}

/** Every failure in full: what happened, what was sent, what came back, why it matters, the fix. */
export function formatFailures(report: ConformanceReport, paint: Paint): string {
  const failed = report.results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return '';
  const blocks = failed.map((r) => {
    const lines = [`${paint.red(`${statusSymbols.failed} ${r.id}`)}: ${r.title}`, `    what happened: ${r.message}`];
    for (const e of r.evidence) lines.push(`    sent:          ${e.sent}`, `    came back:     ${e.received}`);
    lines.push(`    why it matters: ${r.why}`, `    ${paint.bold('fix')}: ${r.hint}`, `    docs: ${docsHint(r.docsUrl)}`);
    return lines.join('\n');
  });
  return `\n${paint.bold(`Failures (${failed.length})`)}\n\n${blocks.join('\n\n')}\n`;
}

/** The closing line: counts and wall time. */
export function formatSummary(report: ConformanceReport, paint: Paint): string {
  const { passed, failed, skipped, notApplicable } = report.summary;
  const parts = [paint.green(`${passed} passed`), failed ? paint.red(`${failed} failed`) : `${failed} failed`, paint.yellow(`${skipped} skipped`), paint.gray(`${notApplicable} not applicable`)];
  // The latency figures are worth seeing on a green run too.
  const latency = report.results.find((r) => r.id === 'latency.ack' && r.status === 'passed');
  return `\n${parts.join(', ')} in ${formatMs(report.durationMs)}\n${latency ? paint.gray(`latency: ${latency.message}\n`) : ''}`;
}

/**
 * The whole default report as text (what `--reporter default --output-file` writes).
 *
 * @example process.stdout.write(formatDefaultReport(report, { color: false }))
 */
export function formatDefaultReport(report: ConformanceReport, { color = false }: { readonly color?: boolean } = {}): string {
  const paint = createPaint(color);
  return [formatRunHeader(report, paint), ...report.results.map((r) => `${formatCheckLine(r, paint)}\n`), formatFailures(report, paint), formatSummary(report, paint)].join('');
}
