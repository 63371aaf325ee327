import type { WebhookEvent } from 'credkit/webhooks';

export function f(e: WebhookEvent): unknown {
  if (e.type === 'credential.revokd') return e.data;
  return undefined;
}
