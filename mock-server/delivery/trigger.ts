// `credkit trigger <event-type>`: make a running mock emit an event through the real API flow (issue
// then revoke for credential.revoked), so the real chain of events is recorded and delivered. The
// recipes are a table: what each type takes, and whether mock time must pass for it to happen.
import { MockApiError, type DeliveryApi } from './api-client.js';

/** What a recipe can do against the mock. */
export interface TriggerContext {
  readonly api: DeliveryApi;
  /** Applies the --set overrides to a request body (the first, creating request of the flow). */
  readonly withOverrides: <T extends object>(body: T) => T;
  /** The mock's clock now (ms). */
  readonly mockNowMs: number;
}

/** One event type's flow. */
export interface TriggerRecipe {
  /** What the flow does, in words (shown by --list). */
  readonly summary: string;
  /** Runs the API calls; returns the ids of the objects created (their events are the flow's). */
  run(ctx: TriggerContext): Promise<string[]>;
  /** For lifecycle events: advance mock time in steps until the event appears (seconds). */
  readonly advance?: { readonly stepSeconds: number; readonly maxSeconds: number };
  /** How many times the flow may be run when a random lifecycle took another path (default 1). */
  readonly tries?: number;
}

const person = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' };
const credentialBody = () => ({ kind: 'certificate', title: 'Certified Data Protection Officer', recipient: { ...person } });

async function issue(ctx: TriggerContext, extra: Record<string, unknown> = {}): Promise<{ id: string; revision: number; recipient: { email: string } }> {
  return ctx.api.call('POST', '/v1/credentials', ctx.withOverrides({ ...credentialBody(), ...extra }));
}

const caseFlow: TriggerRecipe['run'] = async (ctx) => {
  const c = await ctx.api.call<{ id: string }>('POST', '/v1/cases', ctx.withOverrides({ candidate: { ...person }, checks: ['identity_verification', 'criminal_record'] }));
  return [c.id];
};
const businessFlow: TriggerRecipe['run'] = async (ctx) => {
  const b = await ctx.api.call<{ id: string }>('POST', '/v1/businesses', ctx.withOverrides({ legalName: 'Northwind Logistics Ltd', registrationNumber: '09876543', country: 'GB' }));
  return [b.id];
};
const lifecycle = { stepSeconds: 60, maxSeconds: 4 * 3600 } as const;

/** Every event type's flow. */
export const triggerRecipes = {
  'credential.issued': { summary: 'POST /v1/credentials', run: async (ctx) => [(await issue(ctx)).id] },
  'credential.updated': {
    summary: 'issue, then PATCH its title',
    async run(ctx) {
      const c = await issue(ctx);
      await ctx.api.call('PATCH', `/v1/credentials/${c.id}`, { title: 'Certified Data Protection Officer (2nd edition)' }, { 'if-match': `"${c.revision}"` });
      return [c.id];
    },
  },
  'credential.claimed': {
    summary: 'issue, then claim it as the recipient',
    async run(ctx) {
      const c = await issue(ctx);
      await ctx.api.call('POST', `/v1/credentials/${c.id}/claim`, { email: c.recipient.email });
      return [c.id];
    },
  },
  'credential.verified': {
    summary: 'issue, then verify it',
    async run(ctx) {
      const c = await issue(ctx);
      await ctx.api.call('POST', `/v1/credentials/${c.id}/verify`, { verifierName: 'credkit trigger' });
      return [c.id];
    },
  },
  'credential.revoked': {
    summary: 'issue, then revoke it',
    async run(ctx) {
      const c = await issue(ctx);
      await ctx.api.call('POST', `/v1/credentials/${c.id}/revoke`, { reason: 'issued_in_error' });
      return [c.id];
    },
  },
  'credential.expired': {
    summary: 'issue one that expires in a mock minute, then advance the mock clock',
    run: async (ctx) => [(await issue(ctx, { expiresAt: new Date(ctx.mockNowMs + 60_000).toISOString() })).id],
    advance: { stepSeconds: 61, maxSeconds: 600 },
  },
  'credential.renewed': {
    summary: 'issue, then renew it',
    async run(ctx) {
      const c = await issue(ctx);
      await ctx.api.call('POST', `/v1/credentials/${c.id}/renew`, {});
      return [c.id];
    },
  },
  'bulk_issuance.completed': {
    summary: 'POST /v1/bulk-issuances with 3 credentials, then advance the mock clock',
    async run(ctx) {
      const credentials = [1, 2, 3].map((n) => ({ ...credentialBody(), recipient: { name: `Recipient ${n}`, email: `recipient${n}@example.com` } }));
      const b = await ctx.api.call<{ id: string }>('POST', '/v1/bulk-issuances', ctx.withOverrides({ credentials }));
      return [b.id];
    },
    advance: lifecycle,
  },
  'case.status_changed': { summary: 'open a case, then advance the mock clock', run: caseFlow, advance: lifecycle },
  'check.status_changed': { summary: 'open a case, then advance the mock clock', run: caseFlow, advance: lifecycle },
  'case.input_claims_generated': { summary: 'open a case, then advance the mock clock', run: caseFlow, advance: lifecycle },
  'case.report_ready': { summary: 'open a case, then advance the mock clock until its report is ready', run: caseFlow, advance: lifecycle, tries: 3 },
  'business.status_changed': { summary: 'submit a business, then advance the mock clock', run: businessFlow, advance: lifecycle },
  'business.details_updated': { summary: 'submit businesses until one is asked for details, advancing the mock clock', run: businessFlow, advance: lifecycle, tries: 12 },
  'endpoint.test': {
    summary: 'POST /v1/webhook-endpoints/{id}/test on the first enabled endpoint',
    async run(ctx) {
      const endpoints = await ctx.api.listAll<{ id: string; status: string }>('/v1/webhook-endpoints');
      const e = endpoints.find((x) => x.status === 'active' || x.status === 'pending_verification');
      if (!e) throw new MockApiError('rejected', 'the mock has no enabled webhook endpoint to test', 'start the mock with --forward-to <url> or POST /v1/webhook-endpoints');
      await ctx.api.call('POST', `/v1/webhook-endpoints/${e.id}/test`);
      return [e.id];
    },
  },
} as const satisfies Record<string, TriggerRecipe>;

/** The event types `credkit trigger` knows. */
export type TriggerType = keyof typeof triggerRecipes;

/** Options of {@link runTrigger}. */
export interface TriggerOptions {
  readonly api: DeliveryApi;
  readonly type: string;
  /** `field.path=value` overrides of the first request body; a leading `data.` is dropped; values parse as JSON when they can. */
  readonly set?: readonly string[];
}

/** What happened. */
export interface TriggerResult {
  /** Every event of the flow, oldest first. */
  readonly events: { id: string; type: string; objectId: string }[];
  /** True when an event of the asked type was recorded. */
  readonly found: boolean;
}

/**
 * Parses `--set` overrides into a body transformer.
 * @example applyOverrides(['data.title=Kubernetes', 'recipient.email=a@b.co'])({ title: 'x', recipient: {} })
 */
export function applyOverrides(set: readonly string[]): <T extends object>(body: T) => T {
  const pairs = set.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new MockApiError('rejected', `--set needs field=value; got ${JSON.stringify(s)}`, 'e.g. --set data.title="Kubernetes Fundamentals"');
    const path = s.slice(0, eq).replace(/^data\./, '').split('.');
    const raw = s.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    return { path, value };
  });
  return <T extends object>(body: T): T => {
    const copy = structuredClone(body) as Record<string, unknown>;
    for (const { path, value } of pairs) {
      let node = copy;
      for (const key of path.slice(0, -1)) {
        if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
      node[path[path.length - 1]!] = value;
    }
    return copy as T;
  };
}

interface EventEnvelope {
  id: string;
  type: string;
  createdAt: string;
  data: { id: string; caseId?: string; bulkIssuanceId?: string; renewedFrom?: string };
}

/**
 * Runs the flow of an event type against a running mock and returns the events it recorded.
 * @example const { events } = await runTrigger({ api: createDeliveryApi(), type: 'credential.revoked' });
 */
export async function runTrigger({ api, type, set = [] }: TriggerOptions): Promise<TriggerResult> {
  if (!Object.hasOwn(triggerRecipes, type)) {
    throw new MockApiError('rejected', `unknown event type "${type}"`, 'run `credkit trigger --list` for the types');
  }
  const recipe: TriggerRecipe = triggerRecipes[type as TriggerType];
  const withOverrides = applyOverrides(set);
  const clock = await api.call<{ nowMs: number }>('GET', '/_mock/clock');
  const since = new Date(clock.nowMs - 1).toISOString();
  const ids = new Set<string>();
  const related = (e: EventEnvelope) => [e.data.id, e.data.caseId, e.data.bulkIssuanceId, e.data.renewedFrom].some((x) => x !== undefined && ids.has(x));
  const collect = async () => (await api.listAll<EventEnvelope>('/v1/events', { createdAfter: since })).filter(related);
  for (let attempt = 0; attempt < (recipe.tries ?? 1); attempt++) {
    const now = attempt === 0 ? clock.nowMs : (await api.call<{ nowMs: number }>('GET', '/_mock/clock')).nowMs;
    for (const id of await recipe.run({ api, withOverrides, mockNowMs: now })) ids.add(id);
    let events = await collect();
    let advanced = 0;
    while (recipe.advance && !events.some((e) => e.type === type) && advanced < recipe.advance.maxSeconds) {
      await api.call('POST', '/_mock/clock/advance', { seconds: recipe.advance.stepSeconds });
      advanced += recipe.advance.stepSeconds;
      events = await collect();
    }
    if (events.some((e) => e.type === type) || attempt === (recipe.tries ?? 1) - 1) {
      return { events: events.map((e) => ({ id: e.id, type: e.type, objectId: e.data.id })), found: events.some((e) => e.type === type) };
    }
  }
  return { events: [], found: false };
}
