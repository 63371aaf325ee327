// REST rules of the breaking-change gate, judged "the usual way" by Redocly's diff
// (scripts/lib/rest-diff.mjs with the diff-recommended rules of spec/redocly.yaml).
// Each test is a pair: test/spec/fixtures/diff/base.yaml and a copy with one change.
// Each pair costs one Redocly spawn (~0.5 s), so the pairs run concurrently.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { diffRest } from '../../scripts/lib/rest-diff.mjs';

type Contract = Record<string, any>;

const root = fileURLToPath(new URL('../..', import.meta.url));
const baseFile = join(root, 'test/spec/fixtures/diff/base.yaml');
let base: Contract;
let dir: string;
let counter = 0;

beforeAll(async () => {
  base = parse(await readFile(baseFile, 'utf8')) as Contract;
  dir = await mkdtemp(join(tmpdir(), 'credkit-rest-diff-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Diffs the release against a copy with one change; returns the verdicts on REST paths. */
async function restChanges(change: (c: Contract) => void) {
  const working = structuredClone(base);
  change(working);
  const file = join(dir, `working-${++counter}.yaml`);
  await writeFile(file, stringify(working));
  return diffRest(baseFile, file, { cwd: root });
}

const LIST = '#/paths/~1v1~1credentials/get';
const ISSUE = '#/paths/~1v1~1credentials/post';
const REQUEST = `${ISSUE}/requestBody/content/application~1json/schema`;

describe.concurrent('REST breaking-change rules', { timeout: 60_000 }, () => {
  it('finds no change between a contract and its copy', async () => {
    expect(await restChanges(() => {})).toEqual([]);
  });

  it('ignores webhooks, which have their own receiver-polarity rules', async () => {
    const changes = await restChanges((c) => delete c.webhooks['credential.revoked']);
    expect(changes).toEqual([]);
  });

  describe('breaking for clients', () => {
    it('flags a removed path', async () => {
      const changes = await restChanges((c) => delete c.paths['/v1/credentials/{credentialId}']);
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'path-removed', pointer: '#/paths/~1v1~1credentials~1{credentialId}' }));
    });

    it('flags a removed operation', async () => {
      const changes = await restChanges((c) => delete c.paths['/v1/credentials/{credentialId}'].delete);
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'operation-removed' }));
    });

    it('flags a new required query parameter', async () => {
      const changes = await restChanges((c) => c.paths['/v1/credentials'].get.parameters.push({ name: 'issuer', in: 'query', required: true, schema: { type: 'string' } }));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'parameter-became-required' }));
    });

    it('flags a new required request field', async () => {
      const changes = await restChanges((c) => c.paths['/v1/credentials'].post.requestBody.content['application/json'].schema.required.push('kind'));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'required-properties-added', pointer: `${REQUEST}/required` }));
    });

    it('flags a narrowed request enum', async () => {
      const changes = await restChanges((c) => (c.paths['/v1/credentials'].post.requestBody.content['application/json'].schema.properties.kind.enum = ['certificate']));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'enum-values-removed', pointer: `${REQUEST}/properties/kind/enum` }));
    });

    it('flags a removed response field', async () => {
      const changes = await restChanges((c) => delete c.components.schemas.Credential.properties.recipientEmail);
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'property-removed' }));
    });

    it('flags a changed response field type', async () => {
      const changes = await restChanges((c) => (c.components.schemas.Credential.properties.revision.type = 'string'));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'schema-type-changed' }));
    });

    it('flags a widened response enum', async () => {
      const changes = await restChanges((c) => c.components.schemas.Credential.properties.status.enum.push('superseded'));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'breaking', rule: 'enum-values-added' }));
    });
  });

  describe('not breaking for clients', () => {
    it('accepts a new optional query parameter', async () => {
      const changes = await restChanges((c) => c.paths['/v1/credentials'].get.parameters.push({ name: 'recipientEmail', in: 'query', schema: { type: 'string' } }));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((ch) => ch.severity === 'non-breaking')).toBe(true);
    });

    it('accepts a new optional request field', async () => {
      const changes = await restChanges((c) => (c.paths['/v1/credentials'].post.requestBody.content['application/json'].schema.properties.locale = { type: 'string' }));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'non-breaking', pointer: `${REQUEST}/properties/locale` }));
      expect(changes.every((ch) => ch.severity === 'non-breaking')).toBe(true);
    });

    it('accepts a new response field', async () => {
      const changes = await restChanges((c) => (c.components.schemas.Credential.properties.claimedAt = { type: 'string', format: 'date-time' }));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((ch) => ch.severity === 'non-breaking')).toBe(true);
    });

    it('accepts a widened request enum', async () => {
      const changes = await restChanges((c) => c.paths['/v1/credentials'].get.parameters[0].schema.enum.push('expired'));
      expect(changes).toContainEqual(expect.objectContaining({ severity: 'non-breaking', pointer: `${LIST}/parameters/0/schema/enum` }));
      expect(changes.every((ch) => ch.severity === 'non-breaking')).toBe(true);
    });

    it('accepts a new operation', async () => {
      const changes = await restChanges((c) => (c.paths['/v1/credentials/{credentialId}'].patch = { operationId: 'updateCredential', responses: { '200': { description: 'Updated.' } } }));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((ch) => ch.severity === 'non-breaking')).toBe(true);
    });
  });
});
