// What the engine tells the person (or machine) watching `credkit mock`: one line per event, per
// attempt and per endpoint change, stripe-cli style, or one JSON object per line with --format json.
// Secrets appear only in the registration line, and only when the caller says so. Receiver URLs are
// printed without their user-info and query values: either may carry a token, and these lines end
// up in CI logs.

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

/**
 * A URL as it may be printed: user-info becomes `***@` and every query value `***` (names stay, they
 * help debugging; a bare `?token` is masked whole). The fragment is dropped: it is never sent.
 *
 * @example redactUrl('https://bot:hunter2@hooks.example/in?token=abc&v=2') // 'https://***@hooks.example/in?token=***&v=***'
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<url>'; // not a URL we can take apart: print none of it
  }
  const userInfo = u.username !== '' || u.password !== '' ? '***@' : '';
  if (userInfo === '' && u.search === '' && u.hash === '') return url; // nothing to hide: print it as given
  const query = u.search === '' ? '' : `?${u.search.slice(1).split('&').map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=***` : '***')).join('&')}`;
  return `${u.protocol}//${userInfo}${u.host}${u.pathname}${query}`;
}

/** Every http(s) URL inside free text (an error, a disable reason), redacted. */
function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url));
}

/** The report with every URL in it redacted: what both formats print. */
function redacted(r: DeliveryReport): DeliveryReport {
  switch (r.kind) {
    case 'event':
      return r;
    case 'attempt':
      return { ...r, url: redactUrl(r.url), error: r.error === null ? null : redactUrlsIn(r.error) };
    case 'endpoint.registered':
    case 'endpoint.verified':
      return { ...r, url: redactUrl(r.url) };
    case 'endpoint.verification_failed':
    case 'endpoint.disabled':
      return { ...r, url: redactUrl(r.url), reason: redactUrlsIn(r.reason) };
    default: {
      const never: never = r;
      throw new Error(`unknown report ${JSON.stringify(never)}`);
    }
  }
}

const textOf: ReportFormatter = (r) => {
  switch (r.kind) {
    case 'event':
      return `--> ${r.type} [${r.eventId}]`;
    case 'attempt': {
      const status = r.statusCode === null ? `ERR ${r.error ?? 'failed'}` : String(r.statusCode);
      const copy = r.copy === null ? '' : ` (duplicate, ${r.copy})`;
      const next = r.outcome === 'retrying' && r.nextAttemptAt ? `, retry at ${r.nextAttemptAt}` : r.outcome === 'failed' ? ', gave up' : '';
      return `<-- [${status}] POST ${r.url} [${r.eventId}] ${r.latencyMs} ms (attempt ${r.attempt}${next})${copy}`;
    }
    // Not a "Ready!" line: `credkit mock` prints its one Ready line itself, once the server listens.
    case 'endpoint.registered':
      return r.secret !== null
        ? `Forwarding events to ${r.url} (${r.profile} profile, endpoint ${r.endpointId}). Signing secret: ${r.secret}`
        : `Forwarding events to ${r.url} (${r.profile} profile, endpoint ${r.endpointId}). ${r.reused ? 'Same signing secret as before' : 'Signing secret hidden'} (--print-secret shows it)`;
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

const text: ReportFormatter = (r) => textOf(redacted(r));
const json: ReportFormatter = (r) => JSON.stringify(redacted(r));

/** The formatters by name (both redact URLs). */
export const reportFormatters: Readonly<Record<ReportFormat, ReportFormatter>> = { text, json };

/**
 * A reporter writing one line per report. `write` gets the report too, so a caller (`credkit mock`)
 * can hold lines or fold one into its own, e.g. the registration into its Ready line.
 * @example const report = createReporter({ format: 'text', write: (l) => process.stdout.write(l + '\n') });
 */
export function createReporter({ format = 'text', write }: { format?: ReportFormat; write: (line: string, report: DeliveryReport) => void }): (report: DeliveryReport) => void {
  const formatter = reportFormatters[format];
  return (report) => write(formatter(report), report);
}
