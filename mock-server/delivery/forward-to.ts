// `credkit mock --forward-to <url>`: one endpoint per (url, profile), kept in the db so its secret
// and its queue survive restarts.
//
// A run forwards to one target. The forward targets of earlier runs that this run does not name are
// paused, not failed: they are disabled (no new events, nothing sent) but their queued deliveries
// stay queued, and when a later run names that target again they go out as if nothing happened.
// A typo in --forward-to followed by a restart with the right URL therefore loses nothing (issue 15,
// item 5: it used to mark every queued delivery of the real target failed, silently). Each start says
// how many deliveries wait for which target, so none waits unnoticed; deleting the endpoint
// (DELETE /v1/webhook-endpoints/{id}) is how to give up on them, and it marks them failed visibly.
import type { ProfileName } from '../../generated/profiles.js';
import type { MockClock } from '../clock.js';
import type { Store } from '../store.js';
import { redactUrl, type DeliveryReport } from './console-reporter.js';
import type { DeliveryStore } from './delivery-store.js';
import type { Endpoint, EndpointOrigin, EndpointStore } from './endpoint-store.js';
import type { EndpointInput } from './engine.js';

/** What registering the forward target needs from the engine. */
export interface ForwardToDeps {
  url: string;
  profile: ProfileName;
  secret: string | undefined;
  printSecret: boolean;
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  store: Store;
  clock: MockClock;
  createEndpoint(input: EndpointInput, origin: EndpointOrigin): { endpoint: Endpoint; secret: string };
  initialStatus(profile: ProfileName): Endpoint['status'];
  verifyAfterCommit(endpointId: string): void;
}

/** The target of this run, its registration line, and the lines about the other targets' queues. */
export interface ForwardTarget {
  endpoint: Endpoint;
  registration: DeliveryReport;
  /** One warning per paused target that still holds queued deliveries. */
  waiting: string[];
  /** Set when this target comes back with deliveries that waited for it. */
  resumed: string | undefined;
}

/** `--forward-to <url>` again, as the user would type it (profile only when it is not the default). */
const forwardFlag = (e: Pick<Endpoint, 'url' | 'profile'>) => `--forward-to ${redactUrl(e.url)}${e.profile === 'standard' ? '' : ` --profile ${e.profile}`}`;

/**
 * Registers (or reuses) the endpoint of this run's --forward-to and pauses the others. One transaction.
 * @example const t = registerForwardTarget({ url, profile: 'standard', … }); report(t.registration); t.waiting.forEach(logger.warn);
 */
export function registerForwardTarget(deps: ForwardToDeps): ForwardTarget {
  const { url, profile, secret, endpoints, deliveries, store, clock } = deps;
  const now = clock.now();
  return store.transaction(() => {
    const isThis = (e: Endpoint) => e.origin === 'forward-to' && e.url === url && e.profile === profile;
    const others = endpoints.all().filter((e) => e.origin === 'forward-to' && !isThis(e));
    for (const old of others) {
      if (old.status === 'disabled') continue;
      endpoints.save({
        ...old,
        status: 'disabled',
        disabledReason: `replaced by --forward-to ${redactUrl(url)}; its queued deliveries wait until ${forwardFlag(old)} again`,
        revision: old.revision + 1,
        updatedMs: now,
      });
    }
    const waiting: string[] = [];
    for (const old of others) {
      const n = deliveries.queuedFor(old.id);
      if (n === 0) continue;
      waiting.push(
        `${n} ${n === 1 ? 'delivery' : 'deliveries'} queued for ${redactUrl(old.url)} (endpoint ${old.id}) ${n === 1 ? 'waits' : 'wait'} until you forward to it again ` +
          `(credkit mock ${forwardFlag(old)}); they are not sent to ${redactUrl(url)}. To give up on them: DELETE /v1/webhook-endpoints/${old.id} (marks them failed)`,
      );
    }

    const existing = endpoints.all().find(isThis);
    if (!existing) {
      const { endpoint, secret: used } = deps.createEndpoint({ url, profile, ...(secret !== undefined ? { secret } : {}) }, 'forward-to');
      return { endpoint, registration: { kind: 'endpoint.registered', endpointId: endpoint.id, url, profile, secret: used, reused: false }, waiting, resumed: undefined };
    }
    let e = existing;
    const secretChanged = secret !== undefined && secret !== e.secret;
    if (secretChanged) e = { ...e, secret, previousSecret: null, rotatingUntilMs: null, revision: e.revision + 1, updatedMs: now };
    if (e.status === 'disabled' || e.status === 'verification_failed') {
      e = { ...e, status: deps.initialStatus(e.profile), disabledReason: null, consecutiveFailures: 0, failingSinceMs: null, revision: e.revision + 1, updatedMs: now };
    }
    if (e !== existing) endpoints.save(e);
    if (e.status === 'pending_verification') deps.verifyAfterCommit(e.id);
    const queued = existing.status === 'disabled' ? deliveries.queuedFor(e.id) : 0;
    return {
      endpoint: e,
      registration: { kind: 'endpoint.registered', endpointId: e.id, url, profile, secret: deps.printSecret || secretChanged ? e.secret : null, reused: true },
      waiting,
      resumed: queued === 0 ? undefined : `resuming ${queued} queued ${queued === 1 ? 'delivery' : 'deliveries'} to ${redactUrl(url)} (endpoint ${e.id}) that waited while another --forward-to ran`,
    };
  });
}
