// Fuzzed input to the endpoint and delivery routes never yields a 5xx and never echoes a secret.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSender } from '../../mock-server/delivery/index.js';
import { credentialInput, startPlatform, type TestPlatform } from './helpers.js';

let t: TestPlatform;
const real: Record<string, string> = {};

beforeAll(async () => {
  // Fuzzed endpoints point anywhere (fc.webUrl()): the sender answers for the network so that nothing
  // leaves the machine; the subject here is the API layer, the engine keeps working behind it.
  const offline: HttpSender = { send: async () => ({ statusCode: null, latencyMs: 0, error: 'connection_refused', excerpt: null, headers: {}, body: null }), close() {} };
  t = await startPlatform({ chaos: 'on', duplicateRate: 0.5, sender: offline });
  const e = t.call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks' }).body;
  real.endpointId = e.id;
  real.secret = e.secret;
  t.call('POST', '/v1/credentials', credentialInput());
  real.deliveryId = t.call('GET', `/v1/webhook-endpoints/${e.id}/deliveries`).body.items[0].id;
});
afterAll(() => t?.stop());

const idArb = (name: string) =>
  fc.oneof(fc.constant(real[name] ?? 'x'), fc.string({ maxLength: 50 }).map((s) => encodeURIComponent(s) || '%20'), fc.stringMatching(/^(we|dlv)_[A-Za-z0-9]{0,45}$/));

const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom('url', 'profile', 'enabledEvents', 'description', 'secret', 'status', 'overlapSeconds', 'since'), fc.jsonValue({ maxDepth: 3 })).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), profile: fc.constantFrom('standard', 'certn', 'stripe', 'compliancely', 'certdirectory', 'nope'), secret: fc.string({ minLength: 0, maxLength: 80 }) }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

describe('fuzzed requests to the delivery routes', () => {
  it('never get a 5xx, and answer errors as problem+json', () => {
    // The plugin's routes replace the core's placeholders (same method + path): fuzz each once.
    const byKey = new Map(t.platform.routes.filter((r) => r.path.startsWith('/v1/webhook-endpoints') || r.path.startsWith('/v1/deliveries')).map((r) => [`${r.method} ${r.path}`, r]));
    const routes = [...byKey.values()];
    expect(routes).toHaveLength(11);
    for (const r of routes) {
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const pathArb = names.length === 0 ? fc.constant(r.path) : fc.tuple(...names.map(idArb)).map((vals) => names.reduce((p, n, i) => p.replace(`{${n}}`, vals[i]!), r.path));
      fc.assert(
        fc.property(pathArb, bodyArb, fc.constantFrom('"1"', '"2"', 'W/"3"', 'nope', undefined), (path, body, ifMatch) => {
          const res = t.platform.handle({
            method: r.method,
            path,
            query: '',
            headers: { authorization: 'Bearer sk_test_credkit', 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
            body,
          });
          if (res.status >= 500) throw new Error(`${r.method} ${path} → ${res.status}: ${res.body}`);
          if (res.status >= 400) expect(res.headers['content-type']).toBe('application/problem+json');
          // Only create and rotate answer with a secret, and never one the caller did not get before.
          if (r.operationId !== 'createWebhookEndpoint' && r.operationId !== 'rotateWebhookEndpointSecret') expect(res.body ?? '').not.toContain(real.secret);
        }),
        { numRuns: 150, seed: 5151 },
      );
    }
  });
});
