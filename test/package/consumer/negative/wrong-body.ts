import { createClient } from 'credkit/client';

const client = createClient({ baseUrl: 'http://127.0.0.1:4010', apiKey: 'sk_test_credkit' });
export const answer = client.POST('/v1/credentials', { body: { whatever: true } });
