// The endpoint and delivery routes answer exactly what the contract says (status documented for the
// operation, body valid against its schema), and each operation does what it promises.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialInput, startPlatform, startReceiver, waitFor, type Receiver, type TestPlatform } from './helpers.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const openapi = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(openapi, 'openapi');

const operations = new Map<string, { path: string; method: string; responses: Record<string, any> }>();
for (const [path, item] of Object.entries<any>(openapi.paths)) {
  for (const [method, op] of Object.entries<any>(item)) if (op?.operationId) operations.set(op.operationId, { path, method, responses: op.responses });
}
const deref = (node: any): any => (node?.$ref ? deref(node.$ref.split('/').slice(1).reduce((n: any, k: string) => n[k], openapi)) : node);

/** Fails unless the status is documented for the operation and the body matches its schema. */
function expectContract(operationId: string, res: { status: number; body: unknown }) {
  const op = operations.get(operationId);
  expect(op, `operation ${operationId}`).toBeDefined();
  const response = deref(op!.responses[String(res.status)]);
  expect(response, `${operationId} documents ${res.status}`).toBeDefined();
  const content = response.content ?? {};
  const media = content['application/json'] ?? content['application/problem+json'];
  if (!media) return expect(res.body).toBeUndefined();
  const pointer = JSON.stringify(media.schema).includes('$ref') ? media.schema.$ref : undefined;
  const validate = pointer ? ajv.getSchema(`openapi${pointer}`)! : ajv.compile(media.schema);
  const ok = validate(res.body);
  expect(ok, `${operationId} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

let receiver: Receiver | undefined;
let t: TestPlatform | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

describe('webhook endpoint routes', () => {
  it('answer every operation with a documented status and a body valid against the contract', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    const created = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'HR sync', enabledEvents: ['credential.issued', 'endpoint.test'] });
    expectContract('createWebhookEndpoint', created);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expectContract('listWebhookEndpoints', t.call('GET', '/v1/webhook-endpoints?limit=5'));
    const got = t.call('GET', `/v1/webhook-endpoints/${id}`);
    expectContract('getWebhookEndpoint', got);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).not.toHaveProperty('secret');
    expectContract('updateWebhookEndpoint', t.call('PATCH', `/v1/webhook-endpoints/${id}`, { description: 'x' }));
    expectContract('updateWebhookEndpoint', t.call('PATCH', `/v1/webhook-endpoints/${id}`, { description: 'x' }, { 'if-match': '"9"' }));
    const patched = t.call('PATCH', `/v1/webhook-endpoints/${id}`, { description: 'Payroll sync' }, { 'if-match': '"1"' });
    expectContract('updateWebhookEndpoint', patched);
    expect(patched.body).toMatchObject({ revision: 2, description: 'Payroll sync' });
    expectContract('rotateWebhookEndpointSecret', t.call('POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { overlapSeconds: 60 }));
    const tested = t.call('POST', `/v1/webhook-endpoints/${id}/test`);
    expectContract('testWebhookEndpoint', tested);
    expect(tested.status).toBe(202);
    await waitFor(() => t!.call('GET', `/v1/deliveries/${tested.body.id}`).body.status === 'succeeded');
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'endpoint.test', data: { object: 'webhook_endpoint', id } });
    expectContract('getDelivery', t.call('GET', `/v1/deliveries/${tested.body.id}`));
    expectContract('listEndpointDeliveries', t.call('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`));
    expectContract('retryDelivery', t.call('POST', `/v1/deliveries/${tested.body.id}/retry`));
    expectContract('recoverWebhookEndpoint', t.call('POST', `/v1/webhook-endpoints/${id}/recover`, { since: '2020-01-01T00:00:00Z' }));
    expectContract('getDelivery', t.call('GET', '/v1/deliveries/dlv_doesnotexist00'));
    expectContract('getWebhookEndpoint', t.call('GET', '/v1/webhook-endpoints/we_doesnotexist000'));
    const deleted = t.call('DELETE', `/v1/webhook-endpoints/${id}`);
    expectContract('deleteWebhookEndpoint', deleted);
    expect(deleted.status).toBe(204);
    const retryOfDeleted = t.call('POST', `/v1/deliveries/${tested.body.id}/retry`);
    expectContract('retryDelivery', retryOfDeleted);
    expect(retryOfDeleted.status).toBe(409);
  });

  it('rejects a secret the profile cannot use with a 400 pointing at /body/secret', async () => {
    t = await startPlatform({ chaos: 'off' });
    const res = t.call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks', secret: 'whsec_not base64 at all!!' });
    expectContract('createWebhookEndpoint', res);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/secret' })]);
    expect(JSON.stringify(res.body)).not.toContain('not base64 at all');
  });

  it('sends only the enabled event types', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, enabledEvents: ['credential.revoked'] });
    const c = t.call('POST', '/v1/credentials', credentialInput()).body;
    t.call('POST', `/v1/credentials/${c.id}/revoke`, { reason: 'fraud' });
    await waitFor(() => receiver!.requests.length === 1);
    expect(JSON.parse(receiver.requests[0]!.body).type).toBe('credential.revoked');
  });

  it('refuses a test event for a disabled endpoint with 409', async () => {
    t = await startPlatform({ chaos: 'off' });
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks' }).body;
    t.call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'disabled' }, { 'if-match': '"1"' });
    const res = t.call('POST', `/v1/webhook-endpoints/${id}/test`);
    expectContract('testWebhookEndpoint', res);
    expect(res.status).toBe(409);
  });
});

describe('recovering and retrying deliveries', () => {
  it('re-sends failed deliveries after recover, with the same event ids', async () => {
    let healthy = false;
    receiver = await startReceiver(() => (healthy ? { status: 200 } : { status: 500 }));
    // compliancely: two retries only, so the deliveries fail quickly.
    t = await startPlatform({ chaos: 'off' });
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, profile: 'compliancely' }).body;
    for (let i = 1; i <= 2; i++) t.call('POST', '/v1/credentials', credentialInput(i));
    const failed = await waitFor(() => {
      const items = t!.call('GET', `/v1/webhook-endpoints/${id}/deliveries?status=failed`).body.items;
      return items.length === 2 && items;
    });
    expect(failed[0].attempts).toHaveLength(3);
    healthy = true;
    const recovered = t.call('POST', `/v1/webhook-endpoints/${id}/recover`, { since: '2000-01-01T00:00:00.000Z' });
    expect(recovered.body).toMatchObject({ object: 'recovery', endpointId: id, requeued: 2 });
    await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`).body.items.length === 2);
    const ok = receiver.requests.filter((r) => r.headers['compliancely-signature']).map((r) => JSON.parse(r.body).id);
    expect(new Set(ok).size).toBe(2);
  });

  it('sends a succeeded delivery once more on retry', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url }).body;
    t.call('POST', '/v1/credentials', credentialInput());
    const [d] = await waitFor(() => {
      const items = t!.call('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`).body.items;
      return items.length === 1 && items;
    });
    const retried = t.call('POST', `/v1/deliveries/${d.id}/retry`);
    expect(retried.status).toBe(202);
    const after = await waitFor(() => {
      const body = t!.call('GET', `/v1/deliveries/${d.id}`).body;
      return body.attempts.length === 2 && body;
    });
    expect(after.status).toBe('succeeded');
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([d.eventId, d.eventId]);
  });

  it('marks queued deliveries failed when their endpoint is deleted', async () => {
    t = await startPlatform({ chaos: 'off' });
    // certn: the endpoint waits for a handshake that cannot succeed, so its delivery stays queued.
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks', profile: 'certn' }).body;
    t.call('POST', '/v1/credentials', credentialInput());
    const [d] = t.call('GET', `/v1/webhook-endpoints/${id}/deliveries`).body.items;
    expect(d.status).toBe('pending');
    t.call('DELETE', `/v1/webhook-endpoints/${id}`);
    expect(t.call('GET', `/v1/deliveries/${d.id}`).body).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });
});

describe('POST /_mock/reset', () => {
  it('empties endpoints and deliveries too, and the engine keeps working after it', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    t.call('POST', '/v1/webhook-endpoints', { url: receiver.url });
    t.call('POST', '/v1/credentials', credentialInput());
    expect(t.call('POST', '/_mock/reset').status).toBe(200);
    expect(t.call('GET', '/v1/webhook-endpoints').body.items).toEqual([]);
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url }).body;
    t.call('POST', '/v1/credentials', credentialInput(2));
    const [d] = await waitFor(() => {
      const items = t!.call('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`).body.items;
      return items.length === 1 && items;
    });
    expect(d.attempts).toHaveLength(1);
  });
});

describe('POST /_mock/reset with --forward-to', () => {
  it('keeps forwarding with the same endpoint id and secret', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
    const before = t.call('GET', '/v1/webhook-endpoints').body.items[0];
    t.call('POST', '/_mock/reset');
    const after = t.call('GET', '/v1/webhook-endpoints').body.items;
    expect(after).toEqual([expect.objectContaining({ id: before.id, url: receiver.url, status: 'active', revision: 1 })]);
    t.call('POST', '/v1/credentials', credentialInput());
    await waitFor(() => receiver!.requests.length === 1);
  });
});

describe('restarts', () => {
  it('continues a retry ladder after a clean restart on the same database', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'credkit-restart-'));
    try {
      let n = 0;
      receiver = await startReceiver(() => (++n <= 2 ? { status: 503 } : { status: 200 }));
      const db = join(dir, 'mock.sqlite');
      t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' }, { db });
      t.call('POST', '/v1/credentials', credentialInput());
      const first = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
      await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${first}/deliveries`).body.items[0]?.attempts.length === 2);
      await t.stop();
      t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' }, { db });
      expect(t.lines[0]).toContain('Same signing secret as before');
      const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
      const d = await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).body.items[0]);
      expect(d.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 200]);
    } finally {
      await t?.stop();
      t = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
