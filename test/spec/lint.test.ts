// The credkit lint rules (spec/redocly-plugin/credkit.js), proven on fixture contracts: each case
// starts from test/spec/fixtures/lint/valid.yaml and breaks one convention. All variants are linted in
// ONE Redocly run (a spawn costs ~0.5 s), the way `npm run spec:lint` lints the real contract.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { lintContracts, type LintResult } from '../../scripts/lib/lint.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/spec/fixtures/lint');

/** A contract as plain data; the fixtures are small, so loose typing keeps each mutation one line. */
type Contract = Record<string, any>;

const variants: Record<string, (c: Contract) => void> = {
  valid: () => {},
  'error-response-as-plain-json': (c) => {
    c.components.responses.NotFound.content = { 'application/json': c.components.responses.NotFound.content['application/problem+json'] };
  },
  'error-response-without-content': (c) => {
    c.paths['/v1/credentials/{credentialId}'].get.responses['503'] = { description: 'Unavailable.' };
  },
  'error-response-with-an-extra-media-type': (c) => {
    c.components.responses.NotFound.content['text/html'] = { schema: { type: 'string' } };
  },
  'response-without-example': (c) => {
    delete c.paths['/v1/credentials/{credentialId}'].get.responses['200'].content['application/json'].examples;
  },
  'webhook-payload-without-example': (c) => {
    delete c.webhooks['credential.revoked'].post.requestBody.content['application/json'].examples;
  },
  'webhook-type-as-enum': (c) => {
    c.components.schemas.CredentialRevokedEvent.allOf[1].properties.type = { type: 'string', enum: ['credential.revoked'] };
  },
  'webhook-type-const-of-another-event': (c) => {
    c.components.schemas.CredentialRevokedEvent.allOf[1].properties.type = { const: 'credential.issued' };
    // Keep the example consistent, so only the name mismatch is wrong.
    c.webhooks['credential.revoked'].post.requestBody.content['application/json'].examples.revoked.value.type = 'credential.issued';
  },
  'webhook-payload-without-type': (c) => {
    delete c.components.schemas.CredentialRevokedEvent.allOf[1].properties.type;
    c.components.schemas.EventEnvelope.required = ['id', 'data'];
  },
  'operation-without-description': (c) => {
    delete c.paths['/v1/credentials/{credentialId}'].get.description;
  },
  'operation-with-two-tags': (c) => {
    c.paths['/v1/credentials/{credentialId}'].get.tags = ['Credentials', 'Events'];
  },
  'webhook-without-summary-and-operation-id': (c) => {
    delete c.webhooks['credential.revoked'].post.summary;
    delete c.webhooks['credential.revoked'].post.operationId;
  },
};

let dir: string;
const results = new Map<string, LintResult>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credkit-lint-'));
  const valid = parse(await readFile(join(fixtures, 'valid.yaml'), 'utf8')) as Contract;
  const files: string[] = [];
  for (const [name, breakIt] of Object.entries(variants)) {
    const contract = structuredClone(valid);
    breakIt(contract);
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, stringify(contract));
    files.push(file);
  }
  files.push(join(fixtures, 'split/openapi.yaml'));
  const linted = await lintContracts(files, { cwd: root });
  for (const result of linted) results.set(result.file, result);
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function lintOf(name: string): LintResult {
  const result = results.get(join(dir, `${name}.yaml`));
  if (!result) throw new Error(`no lint result for ${name}`);
  return result;
}

/** The rule ids a variant triggers, so each test proves its rule fires and nothing else does. */
function rulesOf(name: string): string[] {
  return [...new Set(lintOf(name).problems.map((p) => p.ruleId))];
}

describe('credkit lint rules', () => {
  it('passes the valid fixture with zero errors and zero warnings', () => {
    expect(lintOf('valid').problems).toEqual([]);
  });

  describe('credkit/problem-json-errors', () => {
    it('rejects a 4xx response served as application/json, even through a $ref', () => {
      expect(rulesOf('error-response-as-plain-json')).toEqual(['credkit/problem-json-errors']);
      expect(lintOf('error-response-as-plain-json').problems[0]?.message).toContain('404 with `application/json`');
    });

    it('rejects a 5xx response without content', () => {
      expect(rulesOf('error-response-without-content')).toEqual(['credkit/problem-json-errors']);
      expect(lintOf('error-response-without-content').problems[0]?.message).toContain('503 without content');
    });

    it('rejects an error response that offers another media type beside problem+json', () => {
      expect(rulesOf('error-response-with-an-extra-media-type')).toEqual(['credkit/problem-json-errors']);
      expect(lintOf('error-response-with-an-extra-media-type').problems[0]?.message).toContain('`text/html`');
    });

    it('reports the problem in the split file where the response lives', () => {
      const split = results.get(join(fixtures, 'split/openapi.yaml'));
      expect(split?.problems.map((p) => p.ruleId)).toEqual(['credkit/problem-json-errors']);
      expect(split?.problems[0]?.file).toMatch(/split\/paths\/revoke\.yaml$/);
      expect(split?.problems[0]?.pointer).toBe('#/post/responses/409/content');
    });
  });

  describe('credkit/operation-examples', () => {
    it('rejects a 2xx response body without an example', () => {
      expect(rulesOf('response-without-example')).toEqual(['credkit/operation-examples']);
      expect(lintOf('response-without-example').problems[0]?.message).toContain('200 response');
    });

    it('rejects a webhook payload without an example', () => {
      expect(rulesOf('webhook-payload-without-example')).toEqual(['credkit/operation-examples']);
      expect(lintOf('webhook-payload-without-example').problems[0]?.message).toContain('webhook `credential.revoked`: the payload');
    });
  });

  describe('credkit/webhook-type-const', () => {
    it('rejects a payload whose type is an enum instead of a const', () => {
      expect(rulesOf('webhook-type-as-enum')).toEqual(['credkit/webhook-type-const']);
    });

    it('rejects a type const that names another event than the webhook', () => {
      expect(rulesOf('webhook-type-const-of-another-event')).toEqual(['credkit/webhook-type-const']);
      expect(lintOf('webhook-type-const-of-another-event').problems[0]?.message).toContain('`credential.issued`');
    });

    it('rejects a payload schema without a type property', () => {
      expect(rulesOf('webhook-payload-without-type')).toEqual(['credkit/webhook-type-const']);
    });
  });

  describe('credkit/operation-metadata', () => {
    it('rejects an operation without a description', () => {
      expect(rulesOf('operation-without-description')).toEqual(['credkit/operation-metadata']);
      expect(lintOf('operation-without-description').problems[0]?.message).toContain('`description`');
    });

    it('rejects an operation with two tags', () => {
      expect(rulesOf('operation-with-two-tags')).toEqual(['credkit/operation-metadata']);
      expect(lintOf('operation-with-two-tags').problems[0]?.message).toContain('exactly one tag (found 2)');
    });

    it('rejects a webhook without summary and operationId', () => {
      expect(rulesOf('webhook-without-summary-and-operation-id')).toContain('credkit/operation-metadata');
      const message = lintOf('webhook-without-summary-and-operation-id').problems.find((p) => p.ruleId === 'credkit/operation-metadata')?.message;
      expect(message).toContain('`operationId`');
      expect(message).toContain('`summary`');
    });
  });
});
