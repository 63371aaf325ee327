// The typed client: a body the contract checks, and If-Match with the revision just read.
import { createClient, paginate } from 'credkit/client';
import { createClient as createSdkClient } from '@credkit/sdk/client';

export async function revokeAfterRename(baseUrl: string): Promise<string> {
  const client = createClient({ baseUrl, apiKey: 'sk_test_credkit' });
  const issued = await client.POST('/v1/credentials', {
    body: { kind: 'certificate', title: 'Safety training', recipient: { name: 'Ada Lovelace', email: 'ada@example.com' } },
  });
  if (issued.error) throw new Error(`${issued.error.status} ${issued.error.title}`);
  const id: string = issued.data.id;
  const renamed = await client.PATCH('/v1/credentials/{credentialId}', {
    params: { path: { credentialId: id }, header: { 'If-Match': String(issued.data.revision) } },
    body: { title: 'Safety training (2026)' },
  });
  if (renamed.error) throw new Error(renamed.error.detail ?? renamed.error.title);
  const revoked = await client.POST('/v1/credentials/{credentialId}/revoke', {
    params: { path: { credentialId: id } },
    body: { reason: 'issued_in_error' },
  });
  if (revoked.error) throw new Error(revoked.error.title);
  let count = 0;
  for await (const credential of paginate(client, '/v1/credentials', { query: { limit: 10 } })) if (credential.status === 'revoked') count++;
  return `${revoked.data.status} (${count} revoked)`;
}

export const sdkClient = createSdkClient({ baseUrl: 'http://127.0.0.1:4010', apiKey: 'sk_test_credkit' });
