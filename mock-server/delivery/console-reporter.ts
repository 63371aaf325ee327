// What the engine tells the person (or machine) watching `credkit mock`: one line per event, per
// attempt and per endpoint change, stripe-cli style, or one JSON object per line with --format json.
// Secrets appear only in the registration line, and only when the caller says so.

/** Console formats. */
export type ReportFormat = 'text' | 'json';

/** One thing worth a line. */
export type DeliveryReport =
  | { kind: 'event'; eventId: string; type: string }
  | {
      kind: 'attempt';
      deliveryId: string;
      endpointId: string;
      eventId: string;
      type: string;
      method: 'POST';
      url: string;
      statusCode: number | null;
      error: string | null;
      latencyMs: number;
      attempt: number;
      outcome: 'succeeded' | 'retrying' | 'failed';
      nextAttemptAt: string | null;
      copy: 'exact' | 'resigned' | null;
    }
  | { kind: 'endpoint.registered'; endpointId: string; url: string; profile: string; secret: string | null; reused: boolean }
  | { kind: 'endpoint.verified'; endpointId: string; url: string }
  | { kind: 'endpoint.verification_failed'; endpointId: string; url: string; reason: string }
  | { kind: 'endpoint.disabled'; endpointId: string; url: string; reason: string; failedDeliveries: number };

/** Turns a report into one line (no newline). */
export type ReportFormatter = (report: DeliveryReport) => string;

const text: ReportFormatter = (r) => {
  switch (r.kind) {
    case 'event':
      return `--> ${r.type} [${r.eventId}]`;
    case 'attempt': {
      const status = r.statusCode === null ? `ERR ${r.error ?? 'failed'}` : String(r.statusCode);
      const copy = r.copy === null ? '' : ` (duplicate, ${r.copy})`;
      const next = r.outcome === 'retrying' && r.nextAttemptAt ? `, retry at ${r.nextAttemptAt}` : r.outcome === 'failed' ? ', gave up' : '';
      return `<-- [${status}] POST ${r.url} [${r.eventId}] ${r.latencyMs} ms (attempt ${r.attempt}${next})${copy}`;
    }
    case 'endpoint.registered':
      return r.secret !== null
        ? `Ready! Forwarding events to ${r.url} (${r.profile} profile, endpoint ${r.endpointId}). Signing secret: ${r.secret}`
        : `Ready! Forwarding events to ${r.url} (${r.profile} profile, endpoint ${r.endpointId}). ${r.reused ? 'Same signing secret as before' : 'Signing secret hidden'} (--print-secret shows it)`;
    case 'endpoint.verified':
      return `<-> handshake passed: ${r.url} (endpoint ${r.endpointId}) is active`;
    case 'endpoint.verification_failed':
      return `<-> handshake failed: ${r.url} (endpoint ${r.endpointId}): ${r.reason}`;
    case 'endpoint.disabled':
      return `xxx endpoint ${r.endpointId} (${r.url}) disabled: ${r.reason}; ${r.failedDeliveries} queued deliveries marked failed`;
    default: {
      const never: never = r;
      throw new Error(`unknown report ${JSON.stringify(never)}`);
    }
  }
};

const json: ReportFormatter = (r) => JSON.stringify(r);

/** The formatters by name. */
export const reportFormatters: Readonly<Record<ReportFormat, ReportFormatter>> = { text, json };

/**
 * A reporter writing one line per report.
 * @example const report = createReporter({ format: 'text', write: (l) => process.stdout.write(l + '\n') });
 */
export function createReporter({ format = 'text', write }: { format?: ReportFormat; write: (line: string) => void }): (report: DeliveryReport) => void {
  const formatter = reportFormatters[format];
  return (report) => write(formatter(report));
}
