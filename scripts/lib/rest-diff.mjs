// REST changes judged "the usual way": Redocly's `diff` with the diff-recommended rules
// (enabled in spec/redocly.yaml). Request/response polarity is Redocly's: a new required request
// field breaks clients, a removed response field breaks them, a new optional one does not, ...
// Webhooks are left out here: webhook-diff.mjs judges them with receiver polarity.
import { runRedocly } from './redocly.mjs';
import { LINT_CONFIG } from './lint.mjs';

/**
 * Runs `redocly diff <base> <revision> --format json` and maps each change to a verdict.
 * Both files must be single documents (see loadContract). Changes under `#/webhooks` and the
 * `info.version` bump itself are dropped.
 * @example
 *   const changes = await diffRest('spec/releases/1.0.0/openapi.json', '/tmp/bundle/openapi.json');
 * @param {string} baseFile
 * @param {string} revisionFile
 * @param {{ config?: string, cwd?: string }} [options]
 * @returns {Promise<Array<{ severity: 'breaking' | 'non-breaking', rule: string, pointer: string, message: string }>>}
 */
export async function diffRest(baseFile, revisionFile, { config = LINT_CONFIG, cwd = process.cwd() } = {}) {
  const { stdout, stderr } = await runRedocly(
    ['diff', baseFile, revisionFile, '--config', config, '--format', 'json', '--fail-on', 'none', '--lint-config', 'off'],
    { cwd },
  );
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`redocly diff gave no JSON report:\n${stderr || stdout}`);
  }
  if (!Array.isArray(report.changes)) throw new Error(`redocly diff report has no changes list (reportVersion ${report.reportVersion})`);
  const changes = [];
  for (const change of report.changes) {
    const pointer = String(change.path ?? '#');
    if (pointer === '#/webhooks' || pointer.startsWith('#/webhooks/')) continue;
    if (pointer === '#/info' && change.property === 'version') continue;
    const severity = change.impact === 'major' ? 'breaking' : 'non-breaking';
    const at = change.property ? `${pointer}/${change.property}` : pointer;
    const verdicts = Array.isArray(change.verdicts) ? change.verdicts : [];
    if (verdicts.length === 0) {
      changes.push({ severity, rule: `${change.kind}`, pointer: at, message: describe(change) });
      continue;
    }
    for (const verdict of verdicts) {
      changes.push({
        severity: verdict.impact === 'major' ? 'breaking' : 'non-breaking',
        rule: verdict.ruleId,
        pointer: at,
        message: `${verdict.message} (${verdict.ruleId})`,
      });
    }
  }
  return changes;
}

/** A readable line for a change Redocly rated without a named rule (additions, doc edits). */
function describe(change) {
  const last = decodeURIComponent(String(change.path).split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  const subject = change.property ? `\`${change.property}\` of \`${last}\`` : `\`${last}\``;
  return `${subject} ${change.kind} (${change.typeName ?? 'node'}, ${change.impact})`;
}
