// The runner: resolves options once, checks that something listens, then runs the catalog in
// phases with a hard time limit per check, and returns every result (redacted) as data.
import { setMaxListeners } from 'node:events';
import { connect } from 'node:net';
import { profiles, type ProfileName, type WireProfile } from '../generated/profiles.js';
import { generateSecret } from '../webhooks/index.js';
import { checkCatalog, checkDocsUrl, getCheck, isCheckId } from './catalog.js';
import type { CheckContext, CheckDefinition, CheckId, CheckPhase, CheckResult, CheckStatus, SecretRole } from './check.js';
import { QUIET_MS } from './checks/probe-readings.js';
import { ConformanceError } from './errors.js';
import { createEventFactory, serializeEvent } from './events.js';
import { createHttpClient, type Exchange, type OutgoingRequest } from './http.js';
import { createProbeClient } from './probe.js';
import { createRedactor } from './redact.js';
import { staggerMs } from './sequence.js';
import { signDelivery, type SignedDelivery } from './signing.js';

/** Options of runConformance. Only `url` and `secret` are required. */
export interface ConformanceOptions {
  /** The receiver's webhook URL, e.g. `http://127.0.0.1:3000/webhooks`. */
  readonly url: string | URL;
  /** The signing secret the receiver verifies with. Never printed. */
  readonly secret: string;
  readonly profile?: ProfileName;
  /** The receiver's probe base URL (test environments only), e.g. `http://127.0.0.1:3000/_probe`. */
  readonly probe?: string | URL;
  /** Run only these checks. */
  readonly only?: readonly string[];
  /** Leave these checks out. */
  readonly skip?: readonly string[];
  /** Response budget of one delivery; defaults to the profile's (10 000 ms). */
  readonly budgetMs?: number;
  /**
   * How long one request may take before it is abandoned; defaults to budgetMs + min(budgetMs, 5 s)
   * (15 s for the default budget), so that a slow answer is still seen (and blamed on latency.ack
   * alone) rather than failing every check.
   */
  readonly requestTimeoutMs?: number;
  /** How long the probe is polled for asynchronous processing to catch up; default min(2000, budgetMs). */
  readonly settleMs?: number;
  /** Concurrent deliveries of load.burst. */
  readonly concurrency?: number;
  /** How long to wait for a TCP connection before declaring nothing listens. */
  readonly connectTimeoutMs?: number;
  /** Called when a check starts. */
  readonly onCheckStart?: (check: CheckDefinition) => void;
  /** Called with each result as soon as it is known (not necessarily in catalog order). */
  readonly onCheckEnd?: (result: CheckResult) => void;
  /** Wall clock in milliseconds: signature timestamps are taken from it. */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Aborting stops the run: unfinished checks are reported as skipped. */
  readonly signal?: AbortSignal;
}

/** The outcome of a run. */
export interface ConformanceReport {
  readonly profile: ProfileName;
  /** The receiver URL without credentials or query. */
  readonly url: string;
  readonly probe: string | null;
  readonly budgetMs: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The most this run could have taken, whatever the receiver did (see runUpperBoundMs). */
  readonly upperBoundMs: number;
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly notApplicable: number };
  /** One per selected check, in catalog order. */
  readonly results: readonly CheckResult[];
}

/** Options after defaults, resolved once. */
export interface ResolvedConformanceOptions {
  readonly url: URL;
  readonly secret: string;
  readonly profile: WireProfile;
  readonly probe: URL | undefined;
  readonly checks: readonly CheckDefinition[];
  readonly budgetMs: number;
  readonly requestTimeoutMs: number;
  readonly probeRequestTimeoutMs: number;
  readonly settleMs: number;
  readonly concurrency: number;
  readonly connectTimeoutMs: number;
}

const PHASES: readonly CheckPhase[] = ['first', 'main', 'burst', 'last'];
/**
 * Main checks running at once. Enough to keep a run short against a slow receiver, few enough that
 * a simple receiver (one thread, a listen backlog of 5) is not flooded outside load.burst.
 */
export const MAIN_PARALLELISM = 4;
/** Margin on every check's limit for the work between requests (signing, judging). */
const CHECK_SLACK_MS = 250;

function resolveUrl(value: string | URL, option: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConformanceError('invalid_option', `${option} is not a URL: "${String(value)}"`, `e.g. ${option} http://127.0.0.1:3000/webhooks`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConformanceError('invalid_option', `${option} must be an http(s) URL, got ${url.protocol}`, `e.g. ${option} http://127.0.0.1:3000/webhooks`);
  }
  return url;
}

function positiveInteger(value: number | undefined, fallback: number, option: string, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConformanceError('invalid_option', `${option} must be a whole number from 1 to ${max}, got ${String(value)}`, `e.g. ${option} ${fallback}`);
  }
  return value;
}

function resolveIds(ids: readonly string[] | undefined, option: string): CheckId[] | undefined {
  if (ids === undefined) return undefined;
  const unknown = ids.filter((id) => !isCheckId(id));
  if (unknown.length > 0) {
    throw new ConformanceError('invalid_option', `${option}: unknown check ${unknown.map((u) => `"${u}"`).join(', ')}`, `check ids: ${checkCatalog.map((c) => c.id).join(', ')}`);
  }
  return ids as CheckId[];
}

/**
 * Validates the options and fills in the defaults. Throws ConformanceError('invalid_option').
 *
 * @example resolveConformanceOptions({ url: 'http://127.0.0.1:3000/webhooks', secret }).requestTimeoutMs // 15000
 */
export function resolveConformanceOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  const url = resolveUrl(options.url, '--url');
  if (typeof options.secret !== 'string' || options.secret.trim() === '') {
    throw new ConformanceError('invalid_option', 'the signing secret is empty', 'pass the secret your receiver verifies with, e.g. --secret "$WEBHOOK_SECRET"');
  }
  const profileName = options.profile ?? 'standard';
  const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined;
  if (!profile) throw new ConformanceError('invalid_option', `unknown profile "${profileName}"`, `one of ${Object.keys(profiles).join(', ')}`);
  const probe = options.probe === undefined ? undefined : resolveUrl(options.probe, '--probe');
  const only = resolveIds(options.only, '--only');
  const skip = resolveIds(options.skip, '--skip') ?? [];
  const checks = checkCatalog.filter((c) => (only === undefined || only.includes(c.id)) && !skip.includes(c.id));
  if (checks.length === 0) throw new ConformanceError('invalid_option', 'no check left to run after --only and --skip', 'drop --skip for a check named in --only');
  const budgetMs = positiveInteger(options.budgetMs, profile.responseBudgetInSeconds * 1000, '--budget-ms', 600_000);
  // Past the budget, wait a little longer (up to 5 s more) so that a slow answer is still seen and
  // blamed on latency.ack alone, instead of failing every check that needed an answer.
  const requestTimeoutMs = positiveInteger(options.requestTimeoutMs, budgetMs + Math.min(budgetMs, 5_000), 'requestTimeoutMs', 1_200_000);
  return {
    url,
    secret: options.secret,
    profile,
    probe,
    checks,
    budgetMs,
    requestTimeoutMs,
    probeRequestTimeoutMs: Math.min(requestTimeoutMs, 2_000),
    settleMs: positiveInteger(options.settleMs, Math.min(2_000, budgetMs), 'settleMs', 600_000),
    concurrency: positiveInteger(options.concurrency, 50, '--concurrency', 1_000),
    connectTimeoutMs: positiveInteger(options.connectTimeoutMs, 1_500, 'connectTimeoutMs', 60_000),
  };
}

/**
 * Time for the probe readings after the settle time: a few slow readings' worth. Readings take
 * milliseconds; a probe slower than this fails the check as "kept the probe waiting".
 */
const PROBE_READINGS_BUDGET = 4;

/**
 * The time limit of one check: its sequential requests, plus the probe's settle time and readings.
 * A check still running at its limit is stopped and failed.
 */
export function checkLimitMs(check: CheckDefinition, o: ResolvedConformanceOptions): number {
  const requests = (check.sequentialSteps(o.profile) - 1) * staggerMs(o.budgetMs) + o.requestTimeoutMs;
  const probe = check.needsProbe && o.probe ? o.settleMs + QUIET_MS + PROBE_READINGS_BUDGET * o.probeRequestTimeoutMs : 0;
  // latency.ack may send its own deliveries when the run made too few.
  return requests + probe + CHECK_SLACK_MS;
}

/**
 * The documented upper bound of a run, whatever the receiver does: the connection checks, the
 * handshake, the other first checks (together), the main checks (a pool of MAIN_PARALLELISM), the
 * burst and the latency summary, each phase bounded by its check limits.
 *
 * @example runUpperBoundMs(resolveConformanceOptions({ url, secret, budgetMs: 300 }))
 */
export function runUpperBoundMs(o: ResolvedConformanceOptions): number {
  let total = o.connectTimeoutMs * (o.probe ? 2 : 1);
  const limitsOf = (predicate: (c: CheckDefinition) => boolean) => o.checks.filter(predicate).map((c) => checkLimitMs(c, o));
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  total += max(limitsOf((c) => c.id === 'handshake.challenge'));
  total += max(limitsOf((c) => c.phase === 'first' && c.id !== 'handshake.challenge'));
  // A pool of MAIN_PARALLELISM: never longer than the sum shared out, plus the longest (Graham's bound).
  const main = limitsOf((c) => c.phase === 'main');
  total += Math.ceil(main.reduce((a, b) => a + b, 0) / MAIN_PARALLELISM) + max(main);
  total += max(limitsOf((c) => c.phase === 'burst'));
  total += max(limitsOf((c) => c.phase === 'last'));
  return total;
}

/** Resolves when a TCP connection to the URL's host and port opens; throws the reason otherwise. */
function tcpReachable(url: URL, timeoutMs: number): Promise<void> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message)));
    });
  });
}

function publicUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Random bytes from an injected `random()`, for the secrets the receiver must not know. */
function bytesFrom(random: () => number): (n: number) => Uint8Array {
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256) % 256);
}

/**
 * Runs the conformance suite against a webhook receiver and returns every check's result. Throws
 * ConformanceError only when the run cannot start (bad options, nothing listening at the URL).
 *
 * @example
 * import { runConformance } from 'credkit/conformance';
 * const report = await runConformance({ url: 'http://127.0.0.1:3000/webhooks', secret: process.env.WEBHOOK_SECRET!,
 *   probe: 'http://127.0.0.1:3000/_probe', onCheckEnd: (r) => console.log(r.status, r.id) });
 * expect(report.summary.failed).toBe(0);
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const o = resolveConformanceOptions(options);
  const { now = Date.now, random = Math.random, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), onCheckStart, onCheckEnd } = options;
  const startedAt = new Date(now()).toISOString();
  const started = performance.now();
  const redact = createRedactor(o.secret);

  try {
    await tcpReachable(o.url, o.connectTimeoutMs);
  } catch (err) {
    throw new ConformanceError(
      'receiver_unreachable',
      `nothing is listening at ${publicUrl(o.url)} (${(err as Error).message})`,
      'start your receiver first and wait for its port to open (e.g. `npx wait-on tcp:127.0.0.1:3000`), then run the suite',
      { cause: err },
    );
  }
  if (o.probe) {
    try {
      await tcpReachable(o.probe, o.connectTimeoutMs);
    } catch (err) {
      throw new ConformanceError('probe_unreachable', `nothing is listening at the probe ${publicUrl(o.probe)} (${(err as Error).message})`, 'check --probe, or leave it out to skip the checks that need it', { cause: err });
    }
  }

  // One listener on the caller's signal; every check listens on this run's own signal.
  const runController = new AbortController();
  setMaxListeners(0, runController.signal);
  const stopRun = () => runController.abort();
  options.signal?.addEventListener('abort', stopRun, { once: true });
  if (options.signal?.aborted) stopRun();
  const signal = runController.signal;
  const http = createHttpClient({ timeoutMs: o.requestTimeoutMs, maxSockets: Math.max(o.concurrency, 16) });
  // The probe gets its own client, so its readings never queue behind deliveries; each check reads
  // one at a time (at most three checks read at once). Each reading on a fresh connection the receiver closes after answering: on a kept-alive
  // one, a receiver with Nagle on (Python's http.server) sends headers and body in two segments and
  // the second waits for our delayed ACK, ~40 ms per reading (load.burst: 4.6 s instead of 0.2 s).
  // Closing flushes at once, and a single-threaded receiver is never held by an idle probe socket.
  const probeHttp = createHttpClient({ timeoutMs: o.probeRequestTimeoutMs, keepAlive: false });
  const events = createEventFactory({ random, now });
  const otherSecrets: Record<Exclude<SecretRole, 'current'>, string> = {
    unknown: generateSecret({ profile: o.profile.name as ProfileName, random: bytesFrom(random) }),
    unknown2: generateSecret({ profile: o.profile.name as ProfileName, random: bytesFrom(random) }),
  };
  const secretOf = (role: SecretRole) => (role === 'current' ? o.secret : otherSecrets[role]);
  const validDeliveries: Exchange[] = [];
  // The circuit breaker: once a valid delivery was not answered completely within the request limit,
  // later deliveries are not sent, so a receiver that never answers (or answers forever) costs one
  // request limit, not one per request.
  let unresponsiveSince: Exchange | undefined;
  const results = new Map<CheckId, CheckResult>();

  const build = (check: CheckDefinition, status: CheckStatus, message: string, hint: string, durationMs: number, evidence: CheckResult['evidence'] = []): CheckResult => ({
    id: check.id,
    title: check.title,
    status,
    message: redact(message),
    hint: redact(hint),
    durationMs: Math.round(durationMs),
    evidence: evidence.map((e) => ({ sent: redact(e.sent), received: redact(e.received) })),
    why: check.why,
    docsUrl: checkDocsUrl(check),
  });
  const publish = (result: CheckResult) => {
    results.set(result.id, result);
    onCheckEnd?.(result);
  };

  const gateReason = (check: CheckDefinition): string | undefined => {
    const redirect = results.get('transport.redirect');
    if (check.gate !== 'none' && check.id !== 'transport.redirect' && redirect?.status === 'failed') {
      return 'not judged: the receiver redirects valid deliveries (see transport.redirect), so every delivery fails before this behaviour can be seen';
    }
    const valid = results.get('signature.valid');
    if (check.gate === 'accepts' && valid?.status === 'failed') {
      return 'not judged: the receiver does not accept a correctly signed delivery (see signature.valid)';
    }
    return undefined;
  };

  const gatedResult = (check: CheckDefinition): CheckResult | undefined => {
    const gated = gateReason(check);
    return gated ? build(check, 'skipped', gated, `fix ${gated.includes('transport.redirect') ? 'transport.redirect' : 'signature.valid'} first, then run the suite again`, 0) : undefined;
  };

  const runOne = async (check: CheckDefinition): Promise<CheckResult> => {
    const t0 = performance.now();
    const applies = check.appliesTo(o.profile);
    if (applies !== true) return build(check, 'not_applicable', applies, '', 0);
    if (signal.aborted) return build(check, 'skipped', 'not run: the run was interrupted', '', 0);
    const gated = gatedResult(check);
    if (gated) return gated;
    onCheckStart?.(check);

    const limitMs = checkLimitMs(check, o);
    const controller = new AbortController();
    // The burst legitimately has --concurrency requests listening to this one signal.
    setMaxListeners(0, controller.signal);
    const onRunAbort = () => controller.abort();
    signal.addEventListener('abort', onRunAbort, { once: true });
    const probe = o.probe
      ? createProbeClient({ baseUrl: o.probe, http: probeHttp, settleMs: o.settleMs, requestTimeoutMs: o.probeRequestTimeoutMs, sleep, now: () => performance.now(), signal: controller.signal })
      : undefined;
    let notSent = false;
    const heldBack = (request: OutgoingRequest): Exchange | undefined => {
      if (request.method !== 'POST' || !unresponsiveSince) return undefined;
      notSent = true;
      return { request, failure: { code: 'unresponsive', message: `not sent: the receiver did not finish answering an earlier valid delivery within ${o.requestTimeoutMs} ms` }, durationMs: 0 };
    };
    const send = async (request: OutgoingRequest): Promise<Exchange> => heldBack(request) ?? (await http.send(request, { signal: controller.signal }));
    // A valid delivery's outcome feeds the breaker and latency.ack.
    const recordDelivery = (exchange: Exchange, valid: boolean): Exchange => {
      if (!valid) return exchange;
      if (exchange.failure?.code === 'timeout' || exchange.response?.timedOut) unresponsiveSince ??= exchange;
      validDeliveries.push(exchange);
      return exchange;
    };
    const toRequest = (delivery: SignedDelivery): OutgoingRequest => ({ method: 'POST', url: o.url, headers: delivery.headers, body: delivery.body });
    const ctx: CheckContext = {
      profile: o.profile,
      url: o.url,
      budgetMs: o.budgetMs,
      concurrency: o.concurrency,
      events,
      probe,
      signal: controller.signal,
      now,
      random,
      sleep,
      validDeliveries,
      signEvent(event, { timestamp, secrets = ['current'] as const } = {}) {
        return signDelivery({
          profile: o.profile,
          secrets: secrets.map(secretOf),
          id: event.id,
          timestamp: timestamp ?? Math.floor(now() / 1000),
          payload: serializeEvent(event, o.profile),
          type: event.type,
        });
      },
      signPayload({ payload, id, type, timestamp, secrets = ['current'] as const }) {
        return signDelivery({ profile: o.profile, secrets: secrets.map(secretOf), id, timestamp: timestamp ?? Math.floor(now() / 1000), payload, type });
      },
      async deliver(delivery, { valid }) {
        return recordDelivery(await send(toRequest(delivery)), valid);
      },
      async deliverTogether(deliveries) {
        const requests = deliveries.map(({ delivery }) => toRequest(delivery));
        // The breaker holds back all of them or none (it only trips between sends).
        const held = requests.map(heldBack);
        const exchanges = held.every((h): h is Exchange => h !== undefined) ? held : await http.sendTogether(requests, { signal: controller.signal });
        return exchanges.map((exchange, i) => recordDelivery(exchange, deliveries[i]!.valid));
      },
      request: (request) => send(request),
    };

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), limitMs);
    });
    try {
      const outcome = await Promise.race([check.run(ctx), deadline]);
      const durationMs = performance.now() - t0;
      if (outcome === 'deadline') {
        controller.abort();
        return build(check, 'failed', `did not finish within its time limit of ${limitMs} ms: the receiver kept requests or the probe waiting`, check.fix, durationMs);
      }
      if (signal.aborted) return build(check, 'skipped', 'not finished: the run was interrupted', '', durationMs);
      if (notSent && outcome.status === 'failed' && check.id !== 'latency.ack') {
        // One root cause, one failure: the checks the breaker starved are not judged, not failed.
        return build(check, 'skipped', `not judged: the receiver stopped answering (a valid delivery got no complete answer within ${o.requestTimeoutMs} ms), so this check's deliveries were not sent`, 'see signature.valid and latency.ack', durationMs);
      }
      const hint = outcome.status === 'failed' ? (outcome.hint ?? check.fix) : (outcome.hint ?? '');
      return build(check, outcome.status, outcome.message, hint, durationMs, outcome.evidence);
    } catch (err) {
      // A bug of the suite, not of the receiver: report it as a failure that says so, with the reason.
      return build(check, 'failed', `the check itself failed: ${(err as Error).message}`, 'this is a bug in credkit conformance; please report it with this output', performance.now() - t0);
    } finally {
      clearTimeout(timer);
      controller.abort();
      signal.removeEventListener('abort', onRunAbort);
    }
  };

  try {
    for (const phase of PHASES) {
      const inPhase = o.checks.filter((c) => c.phase === phase);
      if (phase === 'first') {
        // The handshake comes before any event. The other first checks run together (a slow
        // receiver costs one answer time, not two) and are gated afterwards: when the receiver
        // redirects, signature.valid has nothing to judge.
        const [handshake, rest] = [inPhase.filter((c) => c.id === 'handshake.challenge'), inPhase.filter((c) => c.id !== 'handshake.challenge')];
        for (const check of handshake) publish(await runOne(check));
        const done = await Promise.all(rest.map(runOne));
        for (const result of done.filter((r) => r.id === 'transport.redirect')) publish(result);
        for (const result of done.filter((r) => r.id !== 'transport.redirect')) publish((result.status !== 'not_applicable' && gatedResult(getCheck(result.id))) || result);
      } else {
        const queue = [...inPhase];
        const worker = async () => {
          for (let check = queue.shift(); check; check = queue.shift()) publish(await runOne(check));
        };
        await Promise.all(Array.from({ length: phase === 'main' ? MAIN_PARALLELISM : queue.length }, worker));
      }
    }
  } finally {
    http.close();
    probeHttp.close();
    options.signal?.removeEventListener('abort', stopRun);
  }

  const ordered = o.checks.map((c) => results.get(c.id)).filter((r): r is CheckResult => r !== undefined);
  const count = (s: CheckStatus) => ordered.filter((r) => r.status === s).length;
  return {
    profile: o.profile.name as ProfileName,
    url: publicUrl(o.url),
    probe: o.probe ? publicUrl(o.probe) : null,
    budgetMs: o.budgetMs,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    upperBoundMs: runUpperBoundMs(o),
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), notApplicable: count('not_applicable') },
    results: ordered,
  };
}
