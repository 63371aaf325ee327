// Lints API descriptions (OpenAPI 3.1 and AsyncAPI 3) with Redocly and the credkit rules, in one CLI run.
import { runRedocly } from './redocly.mjs';

/** The strict lint config: recommended rules plus the credkit plugin (see spec/redocly.yaml). */
export const LINT_CONFIG = 'spec/redocly.yaml';

/**
 * Lints every file in one Redocly process (a spawn costs ~0.5 s) and returns the problems per file.
 * Warnings count as much as errors for credkit: the contract must lint clean.
 * @example
 *   const [result] = await lintContracts(['spec/openapi.yaml']);
 *   if (result.problems.length > 0) process.exitCode = 1;
 * @param {string[]} files paths relative to `cwd`
 * @param {{ config?: string, cwd?: string }} [options]
 * @returns {Promise<Array<{ file: string, errors: number, warnings: number, problems: Array<{ ruleId: string, severity: 'error' | 'warn', message: string, file: string, pointer: string, line: number, col: number }> }>>}
 */
export async function lintContracts(files, { config = LINT_CONFIG, cwd = process.cwd() } = {}) {
  const { stdout, stderr } = await runRedocly(
    ['lint', ...files, '--config', config, '--format', 'json', '--max-problems', '1000', '--lint-config', 'error'],
    { cwd },
  );
  const reports = splitJsonDocuments(stdout);
  if (reports.length !== files.length) {
    throw new Error(`redocly lint returned ${reports.length} reports for ${files.length} files:\n${stderr || stdout}`);
  }
  return reports.map((report, i) => {
    const file = /** @type {string} */ (files[i]);
    const problems = (report.problems ?? []).map((p) => {
      const where = p.location?.[0];
      return {
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        file: where?.source?.ref ?? file,
        pointer: where?.pointer ?? '#',
        line: where?.start?.line ?? 0,
        col: where?.start?.col ?? 0,
      };
    });
    return {
      file,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity !== 'error').length,
      problems,
    };
  });
}

/** `redocly lint --format json` prints one JSON document per API, back to back: split them. */
export function splitJsonDocuments(text) {
  const docs = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
  }
  return docs;
}
