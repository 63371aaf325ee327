// What `credkit mock` prints around the delivery engine. A script waits for "Ready!" and then calls
// the API, so the one Ready line is printed only once the server listens; the engine's lines that
// come earlier (the --forward-to registration, attempts of deliveries queued by an earlier run) are
// held until then, and the registration is folded into the Ready line.
import { redactUrl, reportFormatters, type DeliveryReport, type ReportFormat } from '../mock-server/delivery/console-reporter.js';

type Registration = Extract<DeliveryReport, { kind: 'endpoint.registered' }>;

/** Options of {@link createMockConsole}. */
export interface MockConsoleOptions {
  readonly format: ReportFormat;
  /** The user passed --secret: it is theirs already, and printing it would put it in CI logs. */
  readonly secretGiven: boolean;
  /** Writes one line (no newline). */
  readonly out: (line: string) => void;
}

/** The delivery plugin's `write`, and the Ready line. */
export interface MockConsole {
  write(line: string, report?: DeliveryReport): void;
  /** Prints the Ready line (`platform` = "on <url> (…)"), then every held line. */
  ready(platform: string): void;
}

/**
 * @example
 * const mockConsole = createMockConsole({ format: 'text', secretGiven: false, out: (l) => process.stdout.write(`${l}\n`) });
 * // createDeliveryPlugin({ …, write: mockConsole.write }); await startMockServer(…); mockConsole.ready(`on ${url} (…)`);
 */
export function createMockConsole({ format, secretGiven, out }: MockConsoleOptions): MockConsole {
  let held: string[] | undefined = [];
  let registration: Registration | undefined;
  const emit = (line: string) => (held ? held.push(line) : out(line));
  return {
    write(line, report) {
      if (report?.kind !== 'endpoint.registered') return emit(line);
      registration = secretGiven ? { ...report, secret: null } : report;
      // Machines reading --format json still get the registration, without a secret they passed.
      if (format === 'json') emit(reportFormatters.json(registration));
    },
    ready(platform) {
      const forward = registration ? forwarding(registration, secretGiven, format) : undefined;
      const ready = `Ready! credkit mock platform ${platform}${forward ? `, ${forward.where}. ${forward.secret}` : ''}. ^C to quit`;
      // One write: a script that reads the Ready line finds the secret line in the same chunk.
      out(forward?.secretLine ? `${ready}\n${forward.secretLine}` : ready);
      const lines = held ?? [];
      held = undefined;
      for (const line of lines) out(line);
    },
  };
}

/**
 * Where events go, and what to say about the secret: a generated one (or --print-secret) goes alone on
 * the next line, `Signing secret: <secret>`, easy to copy; one the user passed is never printed.
 */
function forwarding(r: Registration, secretGiven: boolean, format: ReportFormat): { where: string; secret: string; secretLine?: string } {
  const where = `forwarding to ${redactUrl(r.url)} (profile ${r.profile}, endpoint ${r.endpointId})`;
  if (secretGiven) return { where, secret: 'Signing with the secret you passed to --secret (never printed)' };
  if (r.secret === null) return { where, secret: 'Same signing secret as before (--print-secret shows it)' };
  // --format json: printed once, in the machine-readable endpoint.registered line.
  if (format === 'json') return { where, secret: 'Signing secret in the endpoint.registered line' };
  return { where, secret: r.reused ? 'Signing secret on the next line (--print-secret)' : 'Signing secret on the next line, printed this once (--print-secret shows it again)', secretLine: `Signing secret: ${r.secret}` };
}
