// `credkit conformance`: thin wiring of credkit/conformance to flags, streams and exit codes.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { profileNames, type ProfileName } from '../../generated/profiles.js';
import { checkCatalog } from '../../conformance/catalog.js';
import { ConformanceError } from '../../conformance/errors.js';
import { createProgressPrinter, formatFailures, formatRunHeader, formatSummary } from '../../conformance/reporters/default.js';
import { formatGithubSummary } from '../../conformance/reporters/github.js';
import { formatReport, reporterNames, type ReporterName } from '../../conformance/reporters/index.js';
import { createPaint, shouldUseColor } from '../../conformance/reporters/symbols.js';
import { resolveConformanceOptions, runConformance } from '../../conformance/run.js';
import { UsageError, type CommandSpec } from '../command.js';
import { rejectSignatureShaped } from '../signature-shaped.js';

function integer(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${flag} must be a whole number, got "${String(value)}"`, `e.g. --${flag} ${flag === 'budget-ms' ? 10000 : 50}`);
  }
  return n;
}

function idList(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export const command: CommandSpec = {
  name: 'conformance',
  summary: 'Run the conformance suite against your webhook receiver',
  usage: 'credkit conformance --url <receiver url> --secret <secret> [options]',
  description: [
    'Sends your receiver the deliveries the platform will send, good and bad, and fails when it',
    'mishandles one: exit 0 when no check failed, 1 when one did, 2 for bad usage or nothing listening.',
    `Checks: ${checkCatalog.map((c) => c.id).join(', ')}.`,
    'The secret may also come from the WEBHOOK_SECRET environment variable (keeps it out of process lists).',
  ].join('\n'),
  options: {
    url: { type: 'string', valueName: 'url', description: 'The webhook URL of your receiver' },
    secret: { type: 'string', valueName: 'secret', description: 'The signing secret your receiver verifies with (or $WEBHOOK_SECRET)' },
    profile: { type: 'string', valueName: 'name', description: 'The wire profile', default: 'standard', choices: profileNames },
    probe: { type: 'string', valueName: 'url', description: "Your receiver's probe base URL (test environments): checks what was applied" },
    only: { type: 'string', valueName: 'ids', description: 'Run only these checks (comma-separated ids)' },
    skip: { type: 'string', valueName: 'ids', description: 'Leave these checks out (comma-separated ids)' },
    'budget-ms': { type: 'string', valueName: 'ms', description: 'Response budget of one delivery', default: '10000' },
    concurrency: { type: 'string', valueName: 'n', description: 'Concurrent deliveries of load.burst', default: '50' },
    reporter: { type: 'string', valueName: 'name', description: 'Report format', default: 'default', choices: reporterNames },
    'output-file': { type: 'string', valueName: 'path', description: 'Write the report there (progress still goes to stdout)' },
    strict: { type: 'boolean', description: 'Fail the run on skipped and not-applicable checks too' },
  },
  renamed: { 'budget': 'budget-ms', 'timeout': 'budget-ms', 'outputFile': 'output-file', 'output': 'output-file' },
  examples: [
    'credkit conformance --url http://127.0.0.1:3000/webhooks --secret "$WEBHOOK_SECRET"',
    'credkit conformance --url http://127.0.0.1:3000/webhooks --secret "$WEBHOOK_SECRET" --probe http://127.0.0.1:3000/_probe --reporter junit --output-file reports/conformance.xml',
    'credkit conformance --url http://127.0.0.1:8080/certn-webhook --secret "$CERTN_SECRET" --profile certn --only handshake.challenge,signature.valid',
  ],
  async run({ values, stdout, stderr, env, signal }) {
    const url = values.url;
    if (typeof url !== 'string' || url === '') throw new UsageError('missing --url', 'e.g. --url http://127.0.0.1:3000/webhooks');
    const secret = typeof values.secret === 'string' ? values.secret : env.WEBHOOK_SECRET;
    if (!secret) throw new UsageError('missing --secret', 'pass the signing secret your receiver verifies with: --secret "$WEBHOOK_SECRET" (or set WEBHOOK_SECRET)');
    rejectSignatureShaped('secret', secret);
    const reporter = values.reporter as ReporterName;
    const outputFile = typeof values['output-file'] === 'string' ? values['output-file'] : undefined;
    const options = {
      url,
      secret,
      profile: values.profile as ProfileName,
      ...(typeof values.probe === 'string' ? { probe: values.probe } : {}),
      ...(idList(values.only) ? { only: idList(values.only)! } : {}),
      ...(idList(values.skip) ? { skip: idList(values.skip)! } : {}),
      ...(integer(values['budget-ms'], 'budget-ms') !== undefined ? { budgetMs: integer(values['budget-ms'], 'budget-ms')! } : {}),
      ...(integer(values.concurrency, 'concurrency') !== undefined ? { concurrency: integer(values.concurrency, 'concurrency')! } : {}),
      signal,
    };

    let resolved;
    try {
      resolved = resolveConformanceOptions(options);
    } catch (err) {
      if (err instanceof ConformanceError) throw new UsageError(err.message, err.hint);
      throw err;
    }

    // Machine formats own stdout when there is no file, so progress goes to stderr then.
    const machineOnStdout = !outputFile && (reporter === 'json' || reporter === 'junit');
    const progressStream = machineOnStdout ? stderr : stdout;
    const paint = createPaint(shouldUseColor(progressStream as { isTTY?: boolean }, env));
    const write = (text: string) => progressStream.write(text);
    // Never a URL's user-info or query in the output: either may carry a token.
    const shown = (u: URL) => `${u.protocol}//${u.host}${u.pathname}`;
    write(formatRunHeader({ profile: resolved.profile.name, url: shown(resolved.url), probe: resolved.probe ? shown(resolved.probe) : null }, paint));
    const progress = createProgressPrinter({ ids: resolved.checks.map((c) => c.id), write, paint });

    let report;
    try {
      report = await runConformance({ ...options, onCheckEnd: progress.onCheckEnd });
    } catch (err) {
      // Nothing listening is a setup problem of the run, like a bad flag: one line, a hint, exit 2.
      if (err instanceof ConformanceError) throw new UsageError(err.message, err.hint);
      throw err;
    }
    write(formatFailures(report, paint));
    write(formatSummary(report, paint));

    if (outputFile) {
      mkdirSync(dirname(outputFile), { recursive: true });
      writeFileSync(outputFile, formatReport(reporter, report));
      write(`report (${reporter}) written to ${outputFile}\n`);
    } else if (reporter !== 'default') {
      stdout.write(formatReport(reporter, report));
    }
    if (reporter === 'github' && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatGithubSummary(report));

    const { failed, skipped, notApplicable } = report.summary;
    if (signal.aborted) {
      // An interrupted run proves nothing: never let it pass a CI step.
      write('interrupted: not every check ran\n');
      return 1;
    }
    if (failed > 0) return 1;
    if (values.strict === true && skipped + notApplicable > 0) {
      write(`--strict: ${skipped} skipped and ${notApplicable} not applicable check(s) fail the run\n`);
      return 1;
    }
    return 0;
  },
};
