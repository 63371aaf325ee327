// Webhook rules of the breaking-change gate (scripts/lib/webhook-diff.mjs), with receiver polarity.
// Each test is a pair of fixture contracts: test/spec/fixtures/diff/base.yaml (the release) and a
// copy with exactly one change (the working contract). In-process: no Redocly involved.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffWebhooks, WEBHOOK_RULES, type WebhookRule } from '../../scripts/lib/webhook-diff.mjs';

type Contract = Record<string, any>;

const base = parse(readFileSync(fileURLToPath(new URL('./fixtures/diff/base.yaml', import.meta.url)), 'utf8')) as Contract;
const PAYLOAD = '#/webhooks/credential.revoked/post/requestBody/content/application~1json/schema';

/** The working contract: the release with one change applied. */
function changed(change: (c: Contract) => void): Contract {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

function revokedData(c: Contract): Contract {
  return c.components.schemas.CredentialRevokedEvent.allOf[1].properties.data;
}

/** The one verdict a single change should produce. */
function onlyChange(working: Contract) {
  const changes = diffWebhooks(base, working);
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

function expectVerdict(working: Contract, rule: WebhookRule, pointer: string) {
  const change = onlyChange(working);
  expect(change.rule).toBe(rule);
  expect(change.severity).toBe(WEBHOOK_RULES[rule].severity);
  expect(change.pointer).toBe(pointer);
  return change;
}

describe('webhook breaking-change rules', () => {
  it('finds no change between a contract and its copy', () => {
    expect(diffWebhooks(base, structuredClone(base))).toEqual([]);
  });

  describe('breaking for receivers', () => {
    it('flags a removed event type', () => {
      const change = expectVerdict(changed((c) => delete c.webhooks['credential.revoked']), 'webhook-removed', '#/webhooks/credential.revoked');
      expect(change.severity).toBe('breaking');
    });

    it('flags a removed payload field', () => {
      const change = expectVerdict(changed((c) => delete revokedData(c).properties.reason), 'field-removed', `${PAYLOAD}/properties/data/properties/reason`);
      expect(change.severity).toBe('breaking');
      expect(change.message).toContain('`data.reason` was removed');
    });

    it('flags a renamed payload field as a removal and names the likely new name', () => {
      const working = changed((c) => {
        const data = revokedData(c);
        data.properties.revocationReason = data.properties.reason;
        delete data.properties.reason;
      });
      const changes = diffWebhooks(base, working);
      const removal = changes.find((c) => c.rule === 'field-removed');
      expect(removal?.severity).toBe('breaking');
      expect(removal?.message).toContain('renamed to `revocationReason`?');
      expect(changes.find((c) => c.rule === 'field-added')?.severity).toBe('non-breaking');
    });

    it('flags a field removed from a shared envelope in every event that carries it', () => {
      const changes = diffWebhooks(base, changed((c) => delete c.components.schemas.EventEnvelope.properties.apiVersion));
      expect(changes.map((c) => [c.rule, c.pointer])).toEqual([
        ['field-removed', `${PAYLOAD}/properties/apiVersion`],
        ['field-removed', '#/webhooks/case.status_changed/post/requestBody/content/application~1json/schema/properties/apiVersion'],
      ]);
    });

    it('flags a narrowed enum', () => {
      const change = expectVerdict(
        changed((c) => (revokedData(c).properties.reason.enum = ['issued_in_error', 'other'])),
        'enum-narrowed',
        `${PAYLOAD}/properties/data/properties/reason/enum`,
      );
      expect(change.message).toContain("lost values 'misconduct'");
    });

    it('flags a widened enum, which exhaustive receivers have never seen', () => {
      const change = expectVerdict(
        changed((c) => revokedData(c).properties.reason.enum.push('expired_license')),
        'enum-widened',
        `${PAYLOAD}/properties/data/properties/reason/enum`,
      );
      expect(change.severity).toBe('breaking');
    });

    it('flags an enum put on a field that was free text', () => {
      expectVerdict(
        changed((c) => (revokedData(c).properties.id.enum = ['crd_1'])),
        'enum-narrowed',
        `${PAYLOAD}/properties/data/properties/id/enum`,
      );
    });

    it('flags a changed type', () => {
      const change = expectVerdict(changed((c) => (revokedData(c).properties.revision.type = 'string')), 'type-changed', `${PAYLOAD}/properties/data/properties/revision`);
      expect(change.message).toContain('from integer to string');
    });

    it('flags a field that became nullable as a type change', () => {
      expectVerdict(changed((c) => (revokedData(c).properties.id.type = ['string', 'null'])), 'type-changed', `${PAYLOAD}/properties/data/properties/id`);
    });

    it('flags a changed format', () => {
      expectVerdict(
        changed((c) => (revokedData(c).properties.revokedAt.format = 'date')),
        'format-changed',
        `${PAYLOAD}/properties/data/properties/revokedAt/format`,
      );
    });

    it('flags a changed const, such as the object a payload describes', () => {
      expectVerdict(changed((c) => (revokedData(c).properties.object.const = 'badge')), 'const-changed', `${PAYLOAD}/properties/data/properties/object/const`);
    });

    it('flags a field that is no longer required', () => {
      expectVerdict(
        changed((c) => (revokedData(c).required = ['object', 'id', 'revision'])),
        'field-became-optional',
        `${PAYLOAD}/properties/data/properties/status`,
      );
    });

    it('flags a change deep inside an array of objects', () => {
      const data = (c: Contract) => c.components.schemas.CaseStatusChangedEvent.allOf[1].properties.data;
      expectVerdict(
        changed((c) => delete data(c).properties.checks.items.properties.id),
        'field-removed',
        '#/webhooks/case.status_changed/post/requestBody/content/application~1json/schema/properties/data/properties/checks/items/properties/id',
      );
    });

    it('flags a changed set of oneOf variants', () => {
      const data = (c: Contract) => c.components.schemas.CaseStatusChangedEvent.allOf[1].properties.data;
      expectVerdict(
        changed((c) => data(c).properties.checks.items.properties.result.oneOf.push({ type: 'object' })),
        'variants-changed',
        '#/webhooks/case.status_changed/post/requestBody/content/application~1json/schema/properties/data/properties/checks/items/properties/result/oneOf',
      );
    });

    it('flags a payload media type that is no longer sent', () => {
      const working = changed((c) => {
        const content = c.webhooks['credential.revoked'].post.requestBody.content;
        content['application/cloudevents+json'] = content['application/json'];
        delete content['application/json'];
      });
      const changes = diffWebhooks(base, working);
      expect(changes.map((c) => [c.rule, c.severity])).toEqual([['payload-media-type-removed', 'breaking']]);
    });

    it('flags an event whose payload disappeared', () => {
      expectVerdict(
        changed((c) => delete c.webhooks['credential.revoked'].post.requestBody),
        'payload-removed',
        '#/webhooks/credential.revoked/post/requestBody',
      );
    });

    it('flags an event no longer delivered by POST', () => {
      const working = changed((c) => {
        c.webhooks['credential.revoked'].put = c.webhooks['credential.revoked'].post;
        delete c.webhooks['credential.revoked'].post;
      });
      expectVerdict(working, 'webhook-method-removed', '#/webhooks/credential.revoked/post');
    });
  });

  describe('not breaking for receivers', () => {
    it('accepts a new event type', () => {
      const working = changed((c) => (c.webhooks['credential.claimed'] = structuredClone(c.webhooks['credential.revoked'])));
      const change = expectVerdict(working, 'webhook-added', '#/webhooks/credential.claimed');
      expect(change.severity).toBe('non-breaking');
    });

    it('accepts a new optional payload field', () => {
      const change = expectVerdict(
        changed((c) => (revokedData(c).properties.revokedBy = { type: 'string' })),
        'field-added',
        `${PAYLOAD}/properties/data/properties/revokedBy`,
      );
      expect(change.severity).toBe('non-breaking');
      expect(change.message).toContain('optional field `data.revokedBy`');
    });

    it('accepts a field that became required, since receivers now always get it', () => {
      const change = expectVerdict(
        changed((c) => revokedData(c).required.push('reason')),
        'field-became-required',
        `${PAYLOAD}/properties/data/properties/reason`,
      );
      expect(change.severity).toBe('non-breaking');
    });

    it('ignores documentation-only edits', () => {
      const working = changed((c) => {
        revokedData(c).properties.reason.description = 'Why the issuer revoked it.';
        c.webhooks['credential.revoked'].post.summary = 'A credential was revoked';
      });
      expect(diffWebhooks(base, working)).toEqual([]);
    });
  });

  it('terminates on recursive schemas', () => {
    const recursive = (c: Contract) => {
      c.components.schemas.Node = { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } };
      revokedData(c).properties.tree = { $ref: '#/components/schemas/Node' };
    };
    const release = changed(recursive);
    const working = structuredClone(release);
    working.components.schemas.Node.properties.name.type = 'integer';
    const changes = diffWebhooks(release, working);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.rule === 'type-changed')).toBe(true);
  });
});
