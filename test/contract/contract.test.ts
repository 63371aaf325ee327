// The contract keeps its own promises: the operations of v1 exist, every error is problem+json,
// every example validates, every event type has its webhook, and independent tools accept it.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { eventCatalog, eventTypes, validateWebhookEvent } from '../../generated/events.js';
import { profileNames, profiles } from '../../generated/profiles.js';

const root = new URL('../../', import.meta.url);
const openapi = JSON.parse(readFileSync(new URL('generated/openapi.json', root), 'utf8'));

const OPERATIONS = `
POST   /v1/credentials
GET    /v1/credentials
GET    /v1/credentials/{credentialId}
PATCH  /v1/credentials/{credentialId}
POST   /v1/credentials/{credentialId}/revoke
POST   /v1/credentials/{credentialId}/renew
POST   /v1/credentials/{credentialId}/claim
POST   /v1/credentials/{credentialId}/verify
POST   /v1/bulk-issuances
GET    /v1/bulk-issuances/{bulkIssuanceId}
POST   /v1/cases
GET    /v1/cases
GET    /v1/cases/{caseId}
GET    /v1/cases/{caseId}/checks
GET    /v1/cases/{caseId}/report
POST   /v1/businesses
GET    /v1/businesses/{businessId}
GET    /v1/events
GET    /v1/events/{eventId}
POST   /v1/webhook-endpoints
GET    /v1/webhook-endpoints
GET    /v1/webhook-endpoints/{endpointId}
PATCH  /v1/webhook-endpoints/{endpointId}
DELETE /v1/webhook-endpoints/{endpointId}
POST   /v1/webhook-endpoints/{endpointId}/rotate-secret
POST   /v1/webhook-endpoints/{endpointId}/test
POST   /v1/webhook-endpoints/{endpointId}/recover
GET    /v1/webhook-endpoints/{endpointId}/deliveries
GET    /v1/deliveries/{deliveryId}
POST   /v1/deliveries/{deliveryId}/retry`
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/) as [string, string]);

const CATALOG = [
  'credential.issued', 'credential.updated', 'credential.claimed', 'credential.verified', 'credential.revoked',
  'credential.expired', 'credential.renewed', 'bulk_issuance.completed', 'case.status_changed', 'check.status_changed',
  'case.report_ready', 'case.input_claims_generated', 'business.status_changed', 'business.details_updated', 'endpoint.test',
];

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Follows one internal $ref (`#/components/...`). */
function deref(node: Json): Json {
  if (typeof node?.$ref !== 'string') return node;
  return node.$ref
    .slice(2)
    .split('/')
    .reduce((at: Json, key: string) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], openapi);
}

function* operations(): Generator<{ where: string; op: Json; webhook: boolean }> {
  for (const [path, item] of Object.entries<Json>(openapi.paths)) {
    for (const m of METHODS) if (item[m]) yield { where: `${m.toUpperCase()} ${path}`, op: item[m], webhook: false };
  }
  for (const [name, item] of Object.entries<Json>(openapi.webhooks)) {
    for (const m of METHODS) if (item[m]) yield { where: `webhook ${name}`, op: item[m], webhook: true };
  }
}

/** Every (schema, example) pair of the contract: media types' examples and schemas' own `examples`. */
function* examplePairs(): Generator<{ where: string; schema: Json; example: unknown }> {
  for (const { where, op } of operations()) {
    const bodies: [string, Json][] = [];
    if (op.requestBody) bodies.push(['request', deref(op.requestBody)]);
    for (const [status, res] of Object.entries<Json>(op.responses ?? {})) bodies.push([status, deref(res)]);
    for (const [label, body] of bodies) {
      for (const [type, media] of Object.entries<Json>(body.content ?? {})) {
        if (!media.schema) continue;
        if ('example' in media) yield { where: `${where} ${label} ${type} example`, schema: media.schema, example: media.example };
        for (const [name, ex] of Object.entries<Json>(media.examples ?? {})) {
          yield { where: `${where} ${label} ${type} examples.${name}`, schema: media.schema, example: deref(ex).value };
        }
      }
    }
  }
  for (const [name, schema] of Object.entries<Json>(openapi.components.schemas)) {
    for (const [i, example] of (schema.examples ?? []).entries()) yield { where: `schema ${name} examples[${i}]`, schema, example };
  }
}

describe('the contract', () => {
  it('is OpenAPI 3.1.0 at version 1.0.0 and valid by an independent OpenAPI validator', async () => {
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.info.version).toBe('1.0.0');
    const result = await new Validator().validate(structuredClone(openapi));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(OPERATIONS)('has %s %s with an operationId, summary, description, tag and bearer auth', (method, path) => {
    const op = openapi.paths[path]?.[method.toLowerCase()];
    expect(op, `${method} ${path} is missing`).toBeDefined();
    expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(op.summary).toBeTruthy();
    expect(op.description).toBeTruthy();
    expect(op.tags).toHaveLength(1);
    expect(op.security ?? openapi.security).toEqual([{ apiKey: [] }]);
    expect(openapi.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has exactly the operations of v1, with unique operationIds', () => {
    const found = [...operations()].filter((o) => !o.webhook);
    expect(found.map((o) => o.where).sort()).toEqual(OPERATIONS.map(([m, p]) => `${m} ${p}`).sort());
    const ids = [...operations()].map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers every 4xx and 5xx of every operation with an RFC 9457 problem', () => {
    for (const { where, op, webhook } of operations()) {
      if (webhook) continue;
      const errors = Object.entries<Json>(op.responses).filter(([status]) => /^[45]/.test(status));
      expect(errors.length, `${where} declares no error`).toBeGreaterThan(0);
      for (const [status, res] of errors) {
        const content = deref(res).content ?? {};
        expect(Object.keys(content), `${where} ${status}`).toEqual(['application/problem+json']);
        expect(content['application/problem+json'].schema.$ref, `${where} ${status}`).toBe('#/components/schemas/Problem');
      }
      expect(Object.keys(op.responses), `${where} lacks 401`).toContain('401');
      expect(Object.keys(op.responses), `${where} lacks 429`).toContain('429');
    }
    const problem = openapi.components.schemas.Problem;
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'requestId']));
    expect(deref(problem.properties.errors.items).required).toEqual(['pointer', 'message']);
  });

  it('carries Retry-After on 429, WWW-Authenticate on 401, If-Match on PATCH and Idempotency-Key on creating POSTs', () => {
    expect(Object.keys(openapi.components.responses.TooManyRequests.headers)).toEqual(['Retry-After']);
    expect(Object.keys(openapi.components.responses.Unauthorized.headers)).toEqual(['WWW-Authenticate']);
    for (const { where, op, webhook } of operations()) {
      if (webhook) continue;
      const params = (op.parameters ?? []).map((p: Json) => deref(p).name);
      if (where.startsWith('PATCH')) {
        expect(params, where).toContain('If-Match');
        expect(Object.keys(op.responses), where).toContain('412');
      }
      if (where.startsWith('POST') && Object.keys(op.responses).includes('201')) expect(params, where).toContain('Idempotency-Key');
    }
  });

  it('paginates every list with limit ≤ 100, cursor and nextCursor', () => {
    for (const { where, op, webhook } of operations()) {
      const ok = op.responses?.['200'];
      const schemaRef = ok && deref(ok).content?.['application/json']?.schema?.$ref;
      if (webhook || !schemaRef?.endsWith('List')) continue;
      const params = (op.parameters ?? []).map((p: Json) => deref(p));
      expect(params.find((p: Json) => p.name === 'limit')?.schema.maximum, where).toBe(100);
      expect(params.map((p: Json) => p.name), where).toContain('cursor');
      expect(deref({ $ref: schemaRef }).required, where).toContain('nextCursor');
    }
  });

  it('validates every example against its schema (JSON Schema 2020-12, formats included)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ ...openapi, $id: 'openapi' }, 'openapi');
    const rewrite = (s: Json): Json => JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"openapi#/components/'));
    const pairs = [...examplePairs()];
    expect(pairs.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const { where, schema, example } of pairs) {
      const validate = ajv.compile(rewrite(schema));
      if (!validate(example)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it('has one webhook per event type of the catalog, each with a type const, valid examples and the native headers', () => {
    expect(Object.keys(openapi.webhooks)).toEqual(CATALOG);
    expect([...eventTypes]).toEqual(CATALOG);
    for (const type of CATALOG) {
      const op = openapi.webhooks[type].post;
      const media = op.requestBody.content['application/json'];
      const schema = deref(media.schema);
      expect(schema.properties.type, type).toEqual({ type: 'string', const: type });
      expect(schema.required).toEqual(['id', 'type', 'createdAt', 'apiVersion', 'data']);
      const examples = Object.values<Json>(media.examples).map((e) => deref(e).value);
      expect(examples.length, type).toBeGreaterThan(0);
      for (const example of examples) {
        expect(validateWebhookEvent(example), type).toEqual({ ok: true });
        expect(Buffer.byteLength(JSON.stringify(example)), `${type} example size`).toBeLessThan(20_000);
      }
      const headers = op.parameters.map((p: Json) => deref(p).name);
      expect(headers).toEqual([profiles.standard.headers.id, profiles.standard.headers.timestamp, profiles.standard.headers.signature]);
      expect(eventCatalog[type as keyof typeof eventCatalog].example.type).toBe(type);
    }
  });

  it('gives every object a revision and an explicit status enum', () => {
    const objects: Record<string, string[]> = {
      Credential: ['issued', 'claimed', 'revoked', 'expired', 'superseded'],
      WebhookEndpoint: ['pending_verification', 'active', 'disabled', 'verification_failed'],
      Case: [],
      Check: [],
      Business: [],
      BulkIssuance: [],
    };
    for (const [name, statuses] of Object.entries(objects)) {
      const schema = openapi.components.schemas[name];
      expect(schema.required, name).toEqual(expect.arrayContaining(['revision', 'status']));
      const status = deref(schema.properties.status);
      expect(status.enum?.length, name).toBeGreaterThan(1);
      if (statuses.length) expect(status.enum).toEqual(statuses);
    }
  });

  it('rejects an event that breaks its schema, pointing at the field', () => {
    const example = structuredClone(eventCatalog['credential.revoked'].example) as Json;
    example.data.revision = 'four';
    const result = validateWebhookEvent(example);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ pointer: '/data/revision' });
    expect(validateWebhookEvent({ ...example, type: 'credential.teleported' })).toMatchObject({ ok: false });
  });

  it('has the five wire profiles as data', () => {
    expect([...profileNames]).toEqual(['standard', 'certdirectory', 'certn', 'compliancely', 'stripe']);
    expect(profiles.standard.retry.scheduleInSeconds).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(profiles.certn.handshake).toMatchObject({ queryParameter: 'challenge', expectContentType: 'text/plain', timeoutInSeconds: 10 });
    expect(profiles.certn.envelope.eventNames['case.status_changed']).toBe('CASE_STATUS_CHANGED');
    expect(profiles.compliancely.retry.scheduleInSeconds).toEqual([180, 360]);
    expect(profiles.stripe.headers.signature).toBe('Stripe-Signature');
    for (const name of profileNames) expect(profiles[name].responseBudgetInSeconds).toBe(10);
  });
});
