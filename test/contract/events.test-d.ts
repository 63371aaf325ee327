// Narrowing a webhook event on `type` gives its specific `data`.
import { describe, expectTypeOf, it } from 'vitest';
import type { WebhookEvent, WebhookEventOf, WebhookEventType } from '../../generated/events.js';
import type { webhooks } from '../../generated/api.js';

describe('WebhookEvent', () => {
  it('narrows on type to the event-specific data', () => {
    const handle = (event: WebhookEvent) => {
      switch (event.type) {
        case 'credential.revoked':
          expectTypeOf(event.data.reason).toEqualTypeOf<'issued_in_error' | 'fraud' | 'requirements_not_met' | 'superseded' | 'other'>();
          expectTypeOf(event.data.revokedAt).toBeString();
          break;
        case 'check.status_changed':
          expectTypeOf(event.data.caseId).toBeString();
          expectTypeOf(event.data.object).toEqualTypeOf<'check'>();
          break;
        case 'bulk_issuance.completed':
          expectTypeOf(event.data.succeeded).toBeNumber();
          break;
        default:
          expectTypeOf(event.data.revision).toBeNumber();
      }
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<WebhookEvent>();
  });

  it('has one member per event type, and WebhookEventOf picks one', () => {
    expectTypeOf<WebhookEvent['type']>().toEqualTypeOf<WebhookEventType>();
    expectTypeOf<WebhookEventOf<'credential.renewed'>['data']['successorId']>().toBeString();
    // @ts-expect-error: credential.issued carries no revocation reason
    type _NoReason = WebhookEventOf<'credential.issued'>['data']['reason'];
  });

  it('types the webhooks of the contract as requests with the native envelope', () => {
    type Body = webhooks['credential.revoked']['post']['requestBody'];
    expectTypeOf<NonNullable<Body>['content']['application/json']['type']>().toEqualTypeOf<'credential.revoked'>();
  });
});
