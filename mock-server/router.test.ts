import { describe, expect, it } from 'vitest';
import { createRouter } from './router.js';

const routes = [
  { method: 'GET', path: '/v1/credentials', id: 'list' },
  { method: 'POST', path: '/v1/credentials', id: 'issue' },
  { method: 'GET', path: '/v1/credentials/{credentialId}', id: 'get' },
  { method: 'POST', path: '/v1/credentials/{credentialId}/revoke', id: 'revoke' },
  { method: 'GET', path: '/v1/cases/{caseId}/report', id: 'report' },
];

describe('router', () => {
  it('matches templates and decodes parameters', () => {
    const m = createRouter(routes).match('GET', '/v1/credentials/crd_a%20b');
    expect(m).toEqual({ kind: 'found', route: routes[2], params: { credentialId: 'crd_a b' } });
  });

  it('answers method-not-allowed with the allowed methods for a known path', () => {
    expect(createRouter(routes).match('DELETE', '/v1/credentials')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
  });

  it('answers not-found for unknown paths, empty parameters and trailing segments', () => {
    const router = createRouter(routes);
    expect(router.match('GET', '/v1/credentials/').kind).toBe('not-found');
    expect(router.match('GET', '/v1/credentials/crd_1/revoke/extra').kind).toBe('not-found');
    expect(router.match('GET', '/v2/credentials').kind).toBe('not-found');
  });

  it('lets a later route replace an earlier one with the same method and path (plugin overrides)', () => {
    const override = { method: 'GET', path: '/v1/credentials', id: 'plugin' };
    const m = createRouter([...routes, override]).match('GET', '/v1/credentials');
    expect(m.kind === 'found' && m.route.id).toBe('plugin');
  });
});
