// credkit/conformance: run the conformance suite against a webhook receiver from your own test
// runner (vitest, jest), or build on its catalog and reporters.

// Running
export { runConformance, resolveConformanceOptions, runUpperBoundMs, checkLimitMs } from './run.js';
export { ConformanceError } from './errors.js';

// The check catalog (the docs catalog page is generated from it)
export { checkCatalog, getCheck, isCheckId, checkDocsUrl } from './catalog.js';
export { checkIds, CHECKS_DOCS_PAGE } from './check.js';

// Reporters
export { formatReport, reporterNames } from './reporters/index.js';
export { formatDefaultReport, createProgressPrinter, formatCheckLine, formatRunHeader, formatFailures, formatSummary } from './reporters/default.js';
export { formatJsonReport } from './reporters/json.js';
export { formatJunitReport } from './reporters/junit.js';
export { formatGithubAnnotations, formatGithubSummary } from './reporters/github.js';
export { createPaint, shouldUseColor, statusSymbols } from './reporters/symbols.js';

export type { ConformanceOptions, ConformanceReport, ResolvedConformanceOptions } from './run.js';
export type { ConformanceErrorCode } from './errors.js';
export type { CheckDefinition, CheckId, CheckResult, CheckStatus, CheckOutcome, CheckContext, CheckGate, CheckPhase, Evidence, SecretRole } from './check.js';
export type { ReporterName } from './reporters/index.js';
export type { JsonReport } from './reporters/json.js';
export type { Paint } from './reporters/symbols.js';
