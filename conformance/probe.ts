// The probe client: how the suite sees what the receiver did with a delivery, not just what it
// answered. The probe is the receiver's own test-only endpoint (contract in docs/guides/conformance-in-ci.md):
//   GET {probe}/events/{eventId}        → 200 {"eventId": "…", "timesApplied": n} | 404
//   GET {probe}/objects/{object}/{id}   → 200 {"revision": n, "status": "…"}     | 404
import { completeResponse, type HttpClient } from './http.js';

/** A probe reading: the value (null for a 404), or why it could not be read. */
export type ProbeReading<T> = { readonly ok: true; readonly value: T | null } | { readonly ok: false; readonly message: string };

/** What the probe says about one object. */
export interface ProbedObject {
  readonly revision: number;
  readonly status: string;
}

/** Reads the probe; polls it for a bounded settle time so asynchronous receivers can catch up. */
export interface ProbeClient {
  readonly baseUrl: URL;
  timesApplied(eventId: string): Promise<ProbeReading<number>>;
  object(object: string, id: string): Promise<ProbeReading<ProbedObject>>;
  /**
   * Reads until `done(reading)` or `settleMs` passed (or `until`, from settleDeadline); returns the
   * last reading. Receivers that acknowledge first and process after need this moment to apply
   * what they acknowledged.
   */
  settle<T>(read: () => Promise<ProbeReading<T>>, done: (reading: ProbeReading<T>) => boolean, options?: { readonly until?: number }): Promise<ProbeReading<T>>;
  /** The time (on this client's clock) a settle started now would end: for several readings sharing one settle time. */
  settleDeadline(): number;
}

/** Options of createProbeClient. */
export interface ProbeClientOptions {
  readonly baseUrl: URL;
  readonly http: HttpClient;
  /** How long to keep polling before judging. */
  readonly settleMs: number;
  /** Time limit of one probe request. */
  readonly requestTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  /** Pause between two readings. */
  readonly pollIntervalMs?: number;
}

/**
 * A probe client over the receiver's probe base URL.
 *
 * @example
 * const probe = createProbeClient({ baseUrl: new URL('http://127.0.0.1:3000/_probe'), http, settleMs: 2000, requestTimeoutMs: 1000, sleep, now });
 * await probe.timesApplied('evt_…'); // { ok: true, value: 1 }
 */
export function createProbeClient({
  baseUrl,
  http,
  settleMs,
  requestTimeoutMs,
  sleep,
  now,
  signal,
  pollIntervalMs = 20,
}: ProbeClientOptions): ProbeClient {
  const base = baseUrl.href.endsWith('/') ? baseUrl.href : `${baseUrl.href}/`;

  async function getJson(path: string): Promise<ProbeReading<Record<string, unknown>>> {
    const url = new URL(path, base);
    const exchange = await http.send({ method: 'GET', url, headers: { accept: 'application/json' } }, { timeoutMs: requestTimeoutMs, ...(signal ? { signal } : {}) });
    const response = completeResponse(exchange);
    if (!response) return { ok: false, message: `probe GET ${url.pathname}: ${exchange.response?.incomplete?.message ?? exchange.failure?.message ?? 'no answer'}` };
    const { status, body } = response;
    if (status === 404) return { ok: true, value: null };
    if (status !== 200) return { ok: false, message: `probe GET ${url.pathname} answered ${status}, expected 200 or 404` };
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
      return { ok: true, value: parsed as Record<string, unknown> };
    } catch {
      return { ok: false, message: `probe GET ${url.pathname} answered 200 with a body that is not a JSON object` };
    }
  }

  return {
    baseUrl,
    async timesApplied(eventId) {
      const reading = await getJson(`events/${encodeURIComponent(eventId)}`);
      if (!reading.ok || reading.value === null) return reading as ProbeReading<number>;
      const n = reading.value.timesApplied;
      if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, message: `probe events/${eventId}: "timesApplied" must be an integer` };
      return { ok: true, value: n };
    },
    async object(object, id) {
      const reading = await getJson(`objects/${encodeURIComponent(object)}/${encodeURIComponent(id)}`);
      if (!reading.ok || reading.value === null) return reading as ProbeReading<ProbedObject>;
      const { revision, status } = reading.value;
      if (typeof revision !== 'number') return { ok: false, message: `probe objects/${object}/${id}: "revision" must be a number` };
      return { ok: true, value: { revision, status: typeof status === 'string' ? status : String(status) } };
    },
    settleDeadline: () => now() + settleMs,
    async settle(read, done, { until } = {}) {
      const deadline = until ?? now() + settleMs;
      let reading = await read();
      while (!done(reading) && now() < deadline && !signal?.aborted) {
        await sleep(pollIntervalMs);
        reading = await read();
      }
      return reading;
    },
  };
}
