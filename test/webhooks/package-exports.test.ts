// What an integrator imports: the built package through its `exports` (npm test builds first).
import { describe, expect, it } from 'vitest';

describe('the published entry points', () => {
  it('credkit/webhooks signs and verifies from dist', async () => {
    const webhooks = await import('credkit/webhooks');
    const secret = webhooks.generateSecret();
    const event = webhooks.eventCatalog['endpoint.test'].example;
    const { headers, body } = webhooks.signEvent({ secret, event });
    expect(webhooks.verify({ secret, headers, payload: body })).toEqual(event);
    expect(webhooks.profileNames).toEqual(['standard', 'certdirectory', 'certn', 'compliancely', 'stripe']);
  });

  it('credkit/client exposes createClient and paginate from dist', async () => {
    const client = await import('credkit/client');
    expect(typeof client.createClient).toBe('function');
    expect(typeof client.paginate).toBe('function');
    expect(client.defaultRetryPolicy.statuses).toEqual([429, 503]);
  });
});
