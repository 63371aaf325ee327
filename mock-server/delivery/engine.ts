// The delivery engine: the outbox hook (deliveries inserted in the event's own transaction), the
// sender loop (due rows → signed POST → attempt recorded → next attempt on the profile's schedule in
// mock time), endpoint handshakes, chaos copies and reordering, and the endpoint operations the API uses.
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../sqlite.js';
import { profiles, type ProfileName } from '../../generated/profiles.js';
import { generateSecret, sign, signEvent, WebhookVerificationError, type NativeEnvelope } from '../../webhooks/index.js';
import { nextRetryDelayMs, retryAfterDelayMs } from '../../webhooks/retry-schedule.js';
import { parseRetryAfterMs } from '../../client/retry-after.js';
import type { MockPlatformContext } from '../context.js';
import type { RecordedEvent } from '../event-log.js';
import { seededRandom } from '../random.js';
import { createReporter, type DeliveryReport } from './console-reporter.js';
import { createDeliveryStore, type DeliveryRow, type DeliveryStatus, type DeliveryStore, type DueRow } from './delivery-store.js';
import { createEndpointStore, isSubscribed, signingSecrets, type Endpoint, type EndpointOrigin, type EndpointStore } from './endpoint-store.js';
import { DeliveryConfigError } from './errors.js';
import { runHandshake } from './handshake.js';
import { registerForwardTarget } from './forward-to.js';
import { createHttpSender, type HttpOutcome, type HttpSender } from './http-sender.js';
import type { ResolvedDeliveryOptions } from './options.js';
import { shouldDisable } from './disable-rule.js';
import { createWakeUp, type WakeUp } from './wake-up.js';
import { createWriteBackoff, type WriteBackoff } from './write-backoff.js';

/** How long an exact chaos copy waits (mock ms) for its original's first attempt before looking again. */
const COPY_WAIT_MS = 1000;
/** A chaos copy follows its original by up to this much mock time. */
const COPY_DELAY_MAX_MS = 1500;
/** The contract's minimum for a brought secret (WebhookEndpointCreate.secret minLength). */
const MIN_SECRET_LENGTH = 16;
/** Deliveries in flight over all endpoints. */
const MAX_IN_FLIGHT = 256;
const USER_AGENT = 'credkit-mock/1 (+https://credkit.dev)';
/** How long stop() lets requests in flight finish before aborting them (real ms). */
const STOP_GRACE_MS = 1000;
/** Due rows read per query and endpoint. */
const READ_AHEAD = 64;
/** Settled attempts are written together: at most this many … */
const SETTLE_BATCH = 256;
/** … or after this many real ms. */
const SETTLE_DELAY_MS = 20;

/** What creating an endpoint takes (the contract's WebhookEndpointCreate). */
export interface EndpointInput {
  url: string;
  profile?: ProfileName;
  enabledEvents?: string[];
  description?: string | null;
  secret?: string;
}

/** What PATCH may change (the contract's WebhookEndpointUpdate). */
export interface EndpointPatch {
  url?: string;
  enabledEvents?: string[];
  description?: string | null;
  status?: 'active' | 'disabled';
}

/** A due delivery as the sender reads it. */
type QueuedRow = DueRow;

/** Counters for tests and the benchmark. */
export interface DeliveryStats {
  attempts: number;
  succeeded: number;
  failed: number;
  inFlight: number;
}

/** The engine. Routes call its endpoint operations; the platform calls init/start/stop/reset. */
export interface DeliveryEngine {
  readonly endpoints: EndpointStore;
  readonly deliveries: DeliveryStore;
  readonly context: MockPlatformContext;
  readonly options: ResolvedDeliveryOptions;
  createEndpoint(input: EndpointInput, origin?: EndpointOrigin): { endpoint: Endpoint; secret: string };
  updateEndpoint(e: Endpoint, patch: EndpointPatch): Endpoint;
  deleteEndpoint(e: Endpoint): void;
  rotateSecret(e: Endpoint, overlapSeconds: number): { endpoint: Endpoint; secret: string };
  /** Records endpoint.test for this endpoint only; returns its delivery. */
  testEndpoint(e: Endpoint): DeliveryRow;
  /** Queues failed deliveries created at or after sinceMs again. */
  recover(e: Endpoint, sinceMs: number): number;
  /** One more attempt now, whatever the status. */
  retryDelivery(row: DeliveryRow): DeliveryRow;
  /** Looks for due work now (after a change outside the engine). */
  wake(): void;
  stats(): DeliveryStats;
}

/** The engine before the platform exists: init() binds it. */
export interface DeliveryEngineHandle {
  init(ctx: MockPlatformContext): DeliveryEngine;
  start(): Promise<void>;
  stop(): Promise<void>;
  reset(): void;
  readonly engine: DeliveryEngine | undefined;
}

/**
 * Creates the engine for the plugin.
 * @example const handle = createDeliveryEngine(resolveDeliveryOptions({ chaos: 'off' })); handle.init(ctx); await handle.start();
 */
export function createDeliveryEngine(options: ResolvedDeliveryOptions): DeliveryEngineHandle {
  let engine: DeliveryEngine | undefined;
  let running = false;
  let stopped = false;
  let sender: HttpSender | undefined;
  let wakeUp: WakeUp | undefined;
  let backoff: WriteBackoff | undefined;
  let pumping = false;
  let pumpAgain = false;
  let flushQueued = false;
  const recorded: RecordedEvent[] = [];
  const inFlight = new Map<string, Set<string>>();
  let inFlightTotal = 0;
  const pending = new Set<Promise<void>>();
  const handshaking = new Set<string>();
  const stats: DeliveryStats = { attempts: 0, succeeded: 0, failed: 0, inFlight: 0 };
  let registration: DeliveryReport | undefined;

  const init = (ctx: MockPlatformContext): DeliveryEngine => {
    const { db, clock, store } = ctx;
    const endpoints = createEndpointStore(db);
    const deliveries = createDeliveryStore(db);
    const random = options.random ?? seededRandom((ctx.options.seed ^ 0x6d5a56da) >>> 0);
    const challenge = options.challenge ?? (() => randomBytes(16).toString('hex'));
    const report = createReporter({ format: options.format, write: options.write ?? ((line) => ctx.logger.info(line)) });
    const eventExists = db.prepare('SELECT 1 FROM events WHERE id = ?');
    /** The delivery the hook wrote for the last endpoint.test (testEndpoint answers with it). */
    let lastTestDelivery: string | undefined;
    const countRange = db.prepare('SELECT count(*) AS n FROM events WHERE seq BETWEEN ? AND ?');
    const budgetFor = (profile: ProfileName) => options.responseBudgetMs ?? profiles[profile].responseBudgetInSeconds * 1000;

    // ── The outbox hook: runs inside the transaction that records the event. No I/O here.
    ctx.eventLog.onRecord((event, _db: SqlDatabase) => {
      const nowMs = clock.now();
      const isTest = event.type === 'endpoint.test';
      const chaos = options.chaos === 'on' && !isTest;
      for (const e of endpoints.all()) {
        // endpoint.test goes to the tested endpoint only; everything else to every live subscriber.
        if (isTest ? e.id !== event.data.id : !((e.status === 'active' || e.status === 'pending_verification') && isSubscribed(e, event.type))) continue;
        // Independent random holds let a later event of an object overtake an earlier one within the window.
        const dueMs = nowMs + (chaos && options.reorderWindowMs > 0 ? Math.floor(random() * options.reorderWindowMs) : 0);
        const id = ctx.newId('delivery');
        deliveries.insert({ id, endpointId: e.id, eventSeq: event.seq, eventId: event.id, eventType: event.type, dueMs, createdMs: nowMs });
        if (isTest) lastTestDelivery = id;
        if (chaos && options.duplicateRate > 0 && random() < options.duplicateRate) {
          deliveries.insert({
            id: ctx.newId('delivery'),
            endpointId: e.id,
            eventSeq: event.seq,
            eventId: event.id,
            eventType: event.type,
            dueMs: dueMs + 1 + Math.floor(random() * COPY_DELAY_MAX_MS),
            createdMs: nowMs,
            copyOf: id,
            copyMode: random() < 0.5 ? 'exact' : 'resigned',
          });
        }
      }
      recorded.push(event);
      if (!flushQueued) {
        flushQueued = true;
        // After the transaction commits (the caller is synchronous): report, then send.
        queueMicrotask(flush);
      }
    });

    const flush = () => {
      flushQueued = false;
      const events = recorded.splice(0);
      if (!db.open) return;
      // A rolled-back transaction leaves no event behind: report only what is on disk. Usually every
      // event of the batch committed, which one range count shows; else each is looked up.
      const first = events[0]?.seq ?? 0;
      const last = events[events.length - 1]?.seq ?? -1;
      const allCommitted = events.length > 0 && last - first + 1 === events.length && (countRange.get(first, last) as { n: number }).n === events.length;
      for (const ev of events) if (allCommitted || eventExists.get(ev.id)) report({ kind: 'event', eventId: ev.id, type: ev.type });
      pump();
    };

    // ── The sender loop
    // Due rows are read ahead per endpoint (one query per READ_AHEAD deliveries, not per delivery) and
    // settled attempts are written in batches: the hot path does one SQLite transaction per batch.
    // Until its batch is written a delivery stays due in the db, so a crash re-sends it (at least once).
    const queues = new Map<string, QueuedRow[]>();
    /** Sending, or settled and waiting for its batch: never picked again meanwhile. */
    const held = new Set<string>();
    const dropQueues = () => {
      queues.clear();
      prepared.clear();
    };

    backoff = createWriteBackoff({ log: (line) => ctx.logger.error(line), resume: () => pump() });
    const pump = () => {
      if (!running || !db.open || backoff?.paused) return;
      if (pumping) {
        pumpAgain = true;
        return;
      }
      pumping = true;
      let idle = false;
      /** The mock time of the last due-query: the wake-up's cut-off (see wake-up.ts for why never a fresh read). */
      let lookedAtMs = 0;
      try {
        do {
          pumpAgain = false;
          const nowMs = clock.now();
          lookedAtMs = nowMs;
          for (const e of endpoints.all()) {
            if (e.status !== 'active') continue;
            let free = Math.min(options.concurrency - (inFlight.get(e.id)?.size ?? 0), MAX_IN_FLIGHT - inFlightTotal);
            let queue = queues.get(e.id);
            while (free > 0) {
              if (!queue || queue.length === 0) {
                queue = deliveries.due(e.id, nowMs, READ_AHEAD + held.size).filter((r) => !held.has(r.id));
                queues.set(e.id, queue);
                if (queue.length === 0) {
                  idle = true;
                  break;
                }
              }
              const row = queue.shift() as QueuedRow;
              if (held.has(row.id)) continue;
              launch(row, e);
              free--;
            }
          }
        } while (pumpAgain);
      } finally {
        pumping = false;
      }
      if (idle) wakeUp?.arm(lookedAtMs);
    };
    wakeUp = createWakeUp({
      clock,
      nextDueAfter(afterMs) {
        let next: number | null = null;
        for (const e of endpoints.all()) {
          if (e.status !== 'active') continue;
          const due = deliveries.nextDueAfter(e.id, afterMs);
          if (due !== null && (next === null || due < next)) next = due;
        }
        return next;
      },
      onWake: () => pump(),
    });

    const launch = (row: QueuedRow, e: Endpoint) => {
      let flying = inFlight.get(e.id);
      if (!flying) inFlight.set(e.id, (flying = new Set()));
      flying.add(row.id);
      held.add(row.id);
      inFlightTotal++;
      stats.inFlight = inFlightTotal;
      const p = attempt(row, e)
        .then((settled) => {
          if (settled) queueSettled(settled);
          else held.delete(row.id);
        })
        .catch((err: unknown) => {
          held.delete(row.id);
          ctx.logger.error(`delivery ${row.id} failed inside the engine: ${(err as Error).message}`);
        })
        .finally(() => {
          flying.delete(row.id);
          inFlightTotal--;
          stats.inFlight = inFlightTotal;
          pending.delete(p);
          pump();
        });
      pending.add(p);
    };

    /** One finished attempt, waiting to be written. */
    interface Settled {
      row: QueuedRow;
      endpointId: string;
      outcome: HttpOutcome;
      startedMs: number;
      signedTs: number;
      profileName: ProfileName;
      /** Mock time the answer came. */
      doneMs: number;
    }

    /** A delivery ready to go: signed bytes and headers, or why it cannot be sent. */
    type Prepared = { ok: true; headers: Record<string, string>; body: string; timestamp: number } | { ok: false; error: string; timestamp: number } | { ok: 'wait' };
    /** Rows signed ahead while the previous request of their endpoint is on the wire (off the critical path). */
    const prepared = new Map<string, Prepared>();

    const prepare = (row: QueuedRow, e: Endpoint): Prepared => {
      let timestamp = Math.floor(options.now() / 1000);
      if (row.copy_mode === 'exact' && row.attempt_count === 0) {
        // An exact copy repeats the original's bytes and headers, so it needs the original's signature time.
        const original = row.copy_of === null ? undefined : deliveries.get(row.copy_of);
        if (original && original.signed_ts === null && original.next_attempt_ms !== null) return { ok: 'wait' };
        if (original?.signed_ts != null) timestamp = original.signed_ts;
      }
      const body = row.body;
      if (body === null) return { ok: false, error: 'event_missing', timestamp };
      try {
        const profile = profiles[e.profile];
        const secrets = signingSecrets(e, clock.now());
        // The log stores the native envelope exactly as JSON.stringify writes it: a native profile that
        // keeps the type's name sends those bytes as they are (no parse and re-serialise per delivery).
        const signed =
          profile.envelope.kind === 'native' && !Object.hasOwn(profile.envelope.eventNames, row.event_type)
            ? sign({ profile: e.profile, secrets, timestamp, payload: body, id: row.event_id, type: row.event_type })
            : signEvent({ profile: e.profile, secrets, timestamp, event: JSON.parse(body) as NativeEnvelope });
        return { ok: true, headers: { ...signed.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: signed.body, timestamp };
      } catch (err) {
        ctx.logger.error(`delivery ${row.id}: signing failed (${(err as Error).message})`);
        return { ok: false, error: 'signing_failed', timestamp };
      }
    };

    let prepareQueued = false;
    /** Signs the next queued row of each endpoint ahead of time. */
    const prepareAhead = () => {
      prepareQueued = false;
      if (!running || !db.open) return;
      for (const [endpointId, queue] of queues) {
        const row = queue[0];
        const e = endpoints.get(endpointId);
        if (!row || !e || prepared.has(row.id) || held.has(row.id) || row.copy_of !== null) continue;
        prepared.set(row.id, prepare(row, e));
      }
    };

    const attempt = async (row: QueuedRow, e: Endpoint): Promise<Settled | undefined> => {
      const ready = prepared.get(row.id) ?? prepare(row, e);
      prepared.delete(row.id);
      if (ready.ok === 'wait') {
        deliveries.reschedule(row.id, 'pending', clock.now() + COPY_WAIT_MS, clock.now());
        return undefined;
      }
      const startedMs = clock.now();
      let outcome: HttpOutcome;
      if (ready.ok) {
        const sending = (sender as HttpSender).send({ method: 'POST', url: e.url, headers: ready.headers, body: ready.body, budgetMs: budgetFor(e.profile) });
        if (!prepareQueued) {
          prepareQueued = true;
          setImmediate(prepareAhead);
        }
        outcome = await sending;
      } else outcome = { statusCode: null, latencyMs: 0, error: ready.error, excerpt: null, headers: {}, body: null };
      // Aborted by a stop: not recorded, so the delivery is still due after the next start.
      if (!db.open || outcome.error === 'aborted') return undefined;
      return { row, endpointId: e.id, outcome, startedMs, signedTs: ready.timestamp, profileName: e.profile, doneMs: clock.now() };
    };

    const settledBuffer: Settled[] = [];
    let flushTimer: NodeJS.Timeout | undefined;
    const queueSettled = (s: Settled) => {
      settledBuffer.push(s);
      // Failures are written at once: their retry time must not wait for a batch (at --time-scale
      // 0.001 a 20 ms batch delay would stretch a 5 s retry to 25 mock seconds). Successes batch.
      if (settledBuffer.length >= SETTLE_BATCH || s.outcome.error !== null) flushSettled();
      else flushTimer ??= setTimeout(flushSettled, SETTLE_DELAY_MS);
    };
    const flushSettled = () => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      const batch = settledBuffer.splice(0);
      if (batch.length === 0 || !db.open) return;
      const reports: DeliveryReport[] = [];
      const counted = { attempts: stats.attempts, succeeded: stats.succeeded, failed: stats.failed };
      try {
        store.transaction(() => {
          for (const s of batch) settleOne(s, reports);
        });
      } catch (err) {
        // Rolled back: these deliveries are still due in the db and go out again after the pause.
        Object.assign(stats, counted);
        endpoints.invalidate();
        for (const s of batch) held.delete(s.row.id);
        dropQueues();
        backoff?.failed(err, `record ${batch.length === 1 ? 'an attempt' : `${batch.length} attempts`}`);
        return;
      }
      for (const s of batch) held.delete(s.row.id);
      for (const r of reports) report(r);
      pump();
    };

    const settleOne = ({ row, endpointId, outcome, startedMs, signedTs, profileName, doneMs: nowMs }: Settled, reports: DeliveryReport[]) => {
      const attemptNo = row.attempt_count + 1;
      let status: DeliveryStatus;
      let nextAttemptMs: number | null = null;
      let disableReason: string | undefined;
      if (outcome.error === null) status = 'succeeded';
      else if (outcome.statusCode === 410) {
        status = 'failed';
        disableReason = `the receiver answered 410 Gone to delivery ${row.id}`;
      } else {
        const delay = nextRetryDelayMs(profiles[profileName], attemptNo, random);
        if (delay === null) status = 'failed';
        else {
          const retryAfterHeader = outcome.headers['retry-after'];
          // Delay-seconds count as mock seconds (compressed like the schedule); a date against the real clock.
          const retryAfter = retryAfterDelayMs(outcome.statusCode, parseRetryAfterMs(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader, options.now()));
          status = 'retrying';
          nextAttemptMs = nowMs + (retryAfter ?? delay);
        }
      }
      const recorded = deliveries.settleAttempt(
        { deliveryId: row.id, attempt: attemptNo, startedMs, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error, excerpt: outcome.excerpt },
        { status, nextAttemptMs, signedTs: outcome.error === 'signing_failed' || outcome.error === 'event_missing' ? null : signedTs, nowMs },
      );
      if (!recorded) return;
      stats.attempts++;
      if (status === 'succeeded') stats.succeeded++;
      if (status === 'failed') stats.failed++;
      const e = endpoints.get(endpointId);
      reports.push({
        kind: 'attempt',
        deliveryId: row.id,
        endpointId,
        eventId: row.event_id,
        type: row.event_type,
        method: 'POST',
        url: e?.url ?? '',
        statusCode: outcome.statusCode,
        error: outcome.error,
        latencyMs: outcome.latencyMs,
        attempt: attemptNo,
        outcome: status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'retrying',
        nextAttemptAt: nextAttemptMs === null ? null : new Date(nextAttemptMs).toISOString(),
        copy: row.copy_mode,
      });
      if (!e) return;
      if (outcome.error === null) {
        if (e.consecutiveFailures !== 0 || e.failingSinceMs !== null) endpoints.save({ ...e, consecutiveFailures: 0, failingSinceMs: null });
        return;
      }
      const next: Endpoint = { ...e, consecutiveFailures: e.consecutiveFailures + 1, failingSinceMs: e.failingSinceMs ?? startedMs };
      if (disableReason === undefined && shouldDisable({ consecutiveFailures: next.consecutiveFailures, failingSinceMs: next.failingSinceMs as number }, nowMs, options.disableRule)) {
        disableReason = `${next.consecutiveFailures} attempts in a row failed since ${new Date(next.failingSinceMs as number).toISOString()} (sustained failure)`;
      }
      if (disableReason !== undefined && e.status !== 'disabled') {
        next.status = 'disabled';
        next.disabledReason = disableReason;
        next.revision += 1;
        next.updatedMs = nowMs;
        const failedDeliveries = deliveries.failQueued(e.id, nowMs);
        dropQueues();
        reports.push({ kind: 'endpoint.disabled', endpointId, url: e.url, reason: disableReason, failedDeliveries });
      }
      endpoints.save(next);
    };

    // ── Handshakes
    const verify = (endpointId: string) => {
      if (!running || handshaking.has(endpointId)) return;
      const e = endpoints.get(endpointId);
      if (!e || e.status !== 'pending_verification') return;
      handshaking.add(endpointId);
      const url = e.url;
      const p = runHandshake({ sender: sender as HttpSender, profile: profiles[e.profile], url, challenge: challenge() })
        .then((result) => {
          if (!running || !db.open) return;
          const now = clock.now();
          const current = endpoints.get(endpointId);
          // The endpoint may have been changed or deleted while we waited; its new state wins.
          if (!current || current.status !== 'pending_verification' || current.url !== url) return;
          const next: Endpoint = {
            ...current,
            status: result.ok ? 'active' : 'verification_failed',
            disabledReason: result.ok ? null : result.reason,
            revision: current.revision + 1,
            updatedMs: now,
          };
          store.transaction(() => endpoints.save(next));
          report(result.ok ? { kind: 'endpoint.verified', endpointId, url } : { kind: 'endpoint.verification_failed', endpointId, url, reason: result.reason });
        })
        .catch((err: unknown) => ctx.logger.error(`handshake of ${endpointId} failed inside the engine: ${(err as Error).message}`))
        .finally(() => {
          handshaking.delete(endpointId);
          pending.delete(p);
          pump();
          // Changed while we waited (a new URL)? Verify again.
          if (endpoints.get(endpointId)?.status === 'pending_verification') verify(endpointId);
        });
      pending.add(p);
    };
    const verifyAfterCommit = (id: string) => queueMicrotask(() => verify(id));

    // ── Endpoint operations (the routes' and --forward-to's)
    const checkSecret = (profile: ProfileName, secret: string) => {
      if (secret.length < MIN_SECRET_LENGTH) {
        throw new DeliveryConfigError('invalid_secret', `the secret is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH})`, 'use a longer secret, or omit it to get one generated');
      }
      try {
        sign({ profile, secret, id: 'evt_secretcheck', type: 'endpoint.test', timestamp: 0, payload: '{}' });
      } catch (err) {
        if (err instanceof WebhookVerificationError) {
          throw new DeliveryConfigError('invalid_secret', `the secret is not usable for the ${profile} profile: ${err.message}`, profile === 'standard' ? 'use whsec_ + base64, or omit it to get one generated' : 'use 16 or more printable characters without spaces, or omit it', { cause: err });
        }
        throw err;
      }
    };
    const initialStatus = (profile: ProfileName) => (profiles[profile].handshake ? 'pending_verification' : 'active');

    const api: DeliveryEngine = {
      endpoints,
      deliveries,
      context: ctx,
      options,
      createEndpoint(input, origin = 'api') {
        const profile = input.profile ?? 'standard';
        const secret = input.secret ?? generateSecret({ profile });
        if (input.secret !== undefined) checkSecret(profile, input.secret);
        const now = clock.now();
        const endpoint = store.transaction(() =>
          endpoints.insert({
            id: ctx.newId('webhook_endpoint'),
            url: input.url,
            profile,
            status: initialStatus(profile),
            enabledEvents: input.enabledEvents ?? ['*'],
            description: input.description ?? null,
            disabledReason: null,
            secret,
            previousSecret: null,
            rotatingUntilMs: null,
            revision: 1,
            origin,
            consecutiveFailures: 0,
            failingSinceMs: null,
            createdMs: now,
            updatedMs: now,
          }),
        );
        if (endpoint.status === 'pending_verification') verifyAfterCommit(endpoint.id);
        return { endpoint, secret };
      },
      updateEndpoint(e, patch) {
        const next: Endpoint = { ...e, enabledEvents: [...e.enabledEvents] };
        let changed = false;
        let reverify = false;
        let disable = false;
        if (patch.url !== undefined && patch.url !== e.url) {
          next.url = patch.url;
          changed = true;
          if (profiles[e.profile].handshake && e.status !== 'disabled') (next.status = 'pending_verification'), (next.disabledReason = null), (reverify = true);
        }
        if (patch.enabledEvents !== undefined && JSON.stringify(patch.enabledEvents) !== JSON.stringify(e.enabledEvents)) (next.enabledEvents = patch.enabledEvents), (changed = true);
        if (patch.description !== undefined && patch.description !== e.description) (next.description = patch.description), (changed = true);
        if (patch.status === 'disabled' && e.status !== 'disabled') {
          next.status = 'disabled';
          next.disabledReason = 'disabled through the API';
          changed = true;
          disable = true;
          reverify = false;
        } else if (patch.status === 'active' && (e.status === 'disabled' || e.status === 'verification_failed')) {
          next.status = initialStatus(e.profile);
          next.disabledReason = null;
          next.consecutiveFailures = 0;
          next.failingSinceMs = null;
          changed = true;
          reverify = next.status === 'pending_verification';
        }
        if (!changed) return e;
        const now = clock.now();
        next.revision += 1;
        next.updatedMs = now;
        store.transaction(() => {
          endpoints.save(next);
          if (disable) deliveries.failQueued(e.id, now);
        });
        if (reverify) verifyAfterCommit(e.id);
        dropQueues();
        queueMicrotask(pump);
        return next;
      },
      deleteEndpoint(e) {
        dropQueues();
        const now = clock.now();
        store.transaction(() => {
          deliveries.failQueued(e.id, now);
          endpoints.remove(e.id);
        });
      },
      rotateSecret(e, overlapSeconds) {
        const secret = generateSecret({ profile: e.profile });
        const now = clock.now();
        const overlap = profiles[e.profile].signature.multiple && overlapSeconds > 0;
        const next: Endpoint = {
          ...e,
          secret,
          previousSecret: overlap ? e.secret : null,
          rotatingUntilMs: overlap ? now + overlapSeconds * 1000 : null,
          revision: e.revision + 1,
          updatedMs: now,
        };
        store.transaction(() => endpoints.save(next));
        return { endpoint: next, secret };
      },
      testEndpoint(e) {
        lastTestDelivery = undefined;
        store.transaction(() => ctx.eventLog.record({ type: 'endpoint.test', data: { object: 'webhook_endpoint', id: e.id, revision: e.revision, status: e.status, url: e.url } }));
        // The outbox hook ran inside record() and noted the delivery it wrote for this endpoint.
        const row = lastTestDelivery === undefined ? undefined : deliveries.get(lastTestDelivery);
        if (!row) throw new Error(`endpoint.test for ${e.id} was recorded without a delivery`);
        return row;
      },
      recover(e, sinceMs) {
        const now = clock.now();
        const n = store.transaction(() => deliveries.requeueFailed(e.id, sinceMs, now));
        dropQueues();
        queueMicrotask(pump);
        return n;
      },
      retryDelivery(row) {
        const now = clock.now();
        store.transaction(() => deliveries.reschedule(row.id, row.attempt_count === 0 ? 'pending' : 'retrying', now, now));
        dropQueues();
        queueMicrotask(pump);
        return deliveries.get(row.id) as DeliveryRow;
      },
      wake() {
        dropQueues();
        pump();
      },
      stats: () => ({ ...stats }),
    };

    // ── --forward-to: one endpoint per (url, profile); the targets of earlier runs are paused (forward-to.ts).
    let forwardEndpoint: Endpoint | undefined;
    let forwardNotices: { waiting: string[]; resumed: string | undefined } = { waiting: [], resumed: undefined };
    if (options.forwardTo !== undefined) {
      if (options.secret !== undefined) checkSecret(options.profile, options.secret);
      const target = registerForwardTarget({
        url: options.forwardTo,
        profile: options.profile,
        secret: options.secret,
        printSecret: options.printSecret,
        endpoints,
        deliveries,
        store,
        clock,
        createEndpoint: (input, origin) => api.createEndpoint(input, origin),
        initialStatus,
        verifyAfterCommit,
      });
      forwardEndpoint = target.endpoint;
      registration = target.registration;
      forwardNotices = target;
    }

    startImpl = async () => {
      if (running || stopped) return;
      running = true;
      sender = options.sender ?? createHttpSender();
      if (registration) report(registration);
      for (const line of forwardNotices.waiting) ctx.logger.warn(line);
      if (forwardNotices.resumed) ctx.logger.info(forwardNotices.resumed);
      for (const e of endpoints.all()) if (e.status === 'pending_verification') verify(e.id);
      pump();
    };
    flushImpl = flushSettled;
    resetImpl = () => {
      dropQueues();
      for (const table of ['delivery_attempts', 'deliveries', 'webhook_endpoints']) db.exec(`DELETE FROM ${table}`);
      endpoints.invalidate();
      wakeUp?.cancel();
      backoff?.cancel();
      // The --forward-to endpoint is configuration of this run, not state: it survives a reset, same id and secret.
      if (forwardEndpoint) {
        const now = clock.now();
        const fresh = endpoints.insert({ ...forwardEndpoint, status: initialStatus(forwardEndpoint.profile), disabledReason: null, previousSecret: null, rotatingUntilMs: null, revision: 1, consecutiveFailures: 0, failingSinceMs: null, createdMs: now, updatedMs: now });
        if (fresh.status === 'pending_verification') verifyAfterCommit(fresh.id);
      }
    };
    engine = api;
    return api;
  };

  let startImpl: () => Promise<void> = async () => {
    throw new Error('the delivery engine starts after init(); add it to the platform as a plugin');
  };
  let resetImpl: () => void = () => {};
  let flushImpl: () => void = () => {};

  return {
    init,
    start: () => startImpl(),
    async stop() {
      if (stopped) return;
      stopped = true;
      running = false;
      wakeUp?.cancel();
      backoff?.cancel();
      // Answers already on their way get a short grace to be recorded; then what is still in flight is
      // aborted: those deliveries stay due in the db and go out again after the next start.
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...pending]), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(graceTimer);
      if (!options.sender) sender?.close();
      await Promise.allSettled([...pending]);
      // What was answered before the stop is written now (the platform closes the db after us).
      flushImpl();
    },
    reset: () => resetImpl(),
    get engine() {
      return engine;
    },
  };
}
