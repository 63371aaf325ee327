// An integrator's unit test: credkit/msw serves the mock platform to code that calls the API.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHandlers } from 'credkit/msw';
import { createClient } from 'credkit/client';

const baseUrl = 'https://api.credkit.test';
const server = setupServer(...createHandlers({ baseUrl }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('issues, reads and revokes a credential against credkit/msw', async () => {
  const client = createClient({ baseUrl, apiKey: 'sk_test_credkit' });
  const issued = await client.POST('/v1/credentials', {
    body: { kind: 'badge', title: 'Mentor', recipient: { name: 'Grace Hopper', email: 'grace@example.com' } },
  });
  expect(issued.error).toBeUndefined();
  const id = issued.data!.id;
  const revoked = await client.POST('/v1/credentials/{credentialId}/revoke', { params: { path: { credentialId: id } }, body: { reason: 'other' } });
  expect(revoked.data?.status).toBe('revoked');
  const again = await client.POST('/v1/credentials/{credentialId}/revoke', { params: { path: { credentialId: id } }, body: { reason: 'other' } });
  expect(again.error?.status).toBe(409);
});
