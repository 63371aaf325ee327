// The reporters by name: what `--reporter` accepts, as data.
import type { ConformanceReport } from '../run.js';
import { formatDefaultReport } from './default.js';
import { formatGithubAnnotations } from './github.js';
import { formatJsonReport } from './json.js';
import { formatJunitReport } from './junit.js';

/** Every reporter name `--reporter` accepts. */
export const reporterNames = ['default', 'json', 'junit', 'github'] as const;

/** A reporter's name. */
export type ReporterName = (typeof reporterNames)[number];

/**
 * The final report text of a reporter (without colour: for files and pipes).
 *
 * @example writeFileSync('conformance.xml', formatReport('junit', report))
 */
export function formatReport(name: ReporterName, report: ConformanceReport): string {
  switch (name) {
    case 'default':
      return formatDefaultReport(report);
    case 'json':
      return formatJsonReport(report);
    case 'junit':
      return formatJunitReport(report);
    case 'github':
      return formatGithubAnnotations(report);
    default: {
      const never: never = name;
      throw new Error(`unknown reporter ${String(never)}`);
    }
  }
}
