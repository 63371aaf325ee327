// The junit reporter: one testcase per check, in the dialect GitHub, GitLab, Jenkins, CircleCI and
// Azure read (failure with message and type, skipped with message, time in seconds).
import type { CheckResult } from '../check.js';
import type { ConformanceReport } from '../run.js';
import { docsHint } from '../../webhooks/docs-link.js';

/** Characters XML 1.0 cannot carry at all (a hostile receiver's body may contain them). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute or text node, dropping characters XML cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(result: CheckResult, suite: string): string {
  const family = result.id.split('.')[0] ?? result.id;
  const open = `    <testcase name="${escapeXml(`${result.id}: ${result.title}`)}" classname="${escapeXml(`${suite}.${family}`)}" time="${seconds(result.durationMs)}"`;
  switch (result.status) {
    case 'passed':
      return `${open}/>`;
    case 'failed': {
      const details = [`${result.message}`, ...result.evidence.flatMap((e) => [`sent: ${e.sent}`, `came back: ${e.received}`]), `why it matters: ${result.why}`, `fix: ${result.hint}`, `docs: ${docsHint(result.docsUrl)}`].join('\n');
      return `${open}>\n      <failure message="${escapeXml(`${result.message} (fix: ${result.hint})`)}" type="${escapeXml(result.id)}">${escapeXml(details)}</failure>\n    </testcase>`;
    }
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeXml(`skipped: ${result.message}`)}"/>\n    </testcase>`;
    case 'not_applicable':
      return `${open}>\n      <skipped message="${escapeXml(`not applicable: ${result.message}`)}"/>\n    </testcase>`;
    default: {
      const never: never = result.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

/**
 * The report as a JUnit XML document (`--reporter junit`).
 *
 * @example writeFileSync('reports/conformance.xml', formatJunitReport(report))
 */
export function formatJunitReport(report: ConformanceReport): string {
  const { passed, failed, skipped, notApplicable } = report.summary;
  const tests = passed + failed + skipped + notApplicable;
  const suite = 'credkit.conformance';
  const counts = `tests="${tests}" failures="${failed}" errors="0" skipped="${skipped + notApplicable}" time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="credkit conformance" ${counts}>`,
    `  <testsuite name="${escapeXml(`credkit conformance (${report.profile})`)}" ${counts} timestamp="${escapeXml(report.startedAt)}">`,
    '    <properties>',
    `      <property name="profile" value="${escapeXml(report.profile)}"/>`,
    `      <property name="url" value="${escapeXml(report.url)}"/>`,
    `      <property name="probe" value="${escapeXml(report.probe ?? '')}"/>`,
    `      <property name="budgetMs" value="${report.budgetMs}"/>`,
    '    </properties>',
    ...report.results.map((r) => testcase(r, suite)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
