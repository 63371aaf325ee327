// The json reporter: the shape CI scripts and dashboards parse; keep it stable.
import type { CheckStatus } from '../check.js';
import type { ConformanceReport } from '../run.js';

/** The JSON report, exactly: a summary and one entry per check. */
export interface JsonReport {
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly notApplicable: number };
  readonly checks: readonly { readonly id: string; readonly status: CheckStatus; readonly message: string; readonly hint: string; readonly durationMs: number }[];
}

/**
 * The report as the JSON document of `--reporter json`.
 *
 * @example JSON.parse(formatJsonReport(report)).summary.failed // 0
 */
export function formatJsonReport(report: ConformanceReport): string {
  const json: JsonReport = {
    summary: report.summary,
    checks: report.results.map(({ id, status, message, hint, durationMs }) => ({ id, status, message, hint, durationMs })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
