import { describe, expect, it } from 'vitest';
import { redactUrl, reportFormatters } from './console-reporter.js';

const attempt = {
  kind: 'attempt',
  deliveryId: 'dlv_1',
  endpointId: 'we_1',
  eventId: 'evt_1',
  type: 'credential.issued',
  method: 'POST',
  url: 'http://127.0.0.1:3000/webhooks',
  statusCode: 200,
  error: null,
  latencyMs: 12,
  attempt: 2,
  outcome: 'succeeded',
  nextAttemptAt: null,
  copy: null,
} as const;

describe('text lines', () => {
  it('prints events and attempts like stripe listen', () => {
    expect(reportFormatters.text({ kind: 'event', eventId: 'evt_1', type: 'credential.issued' })).toBe('--> credential.issued [evt_1]');
    expect(reportFormatters.text(attempt)).toBe('<-- [200] POST http://127.0.0.1:3000/webhooks [evt_1] 12 ms (attempt 2)');
  });

  it('names the error when no answer came and says when the next attempt is', () => {
    const line = reportFormatters.text({ ...attempt, statusCode: null, error: 'timeout', outcome: 'retrying', nextAttemptAt: '2026-11-22T10:05:00.000Z' });
    expect(line).toBe('<-- [ERR timeout] POST http://127.0.0.1:3000/webhooks [evt_1] 12 ms (attempt 2, retry at 2026-11-22T10:05:00.000Z)');
  });

  it('hides the secret on a restart unless asked', () => {
    const line = reportFormatters.text({ kind: 'endpoint.registered', endpointId: 'we_1', url: 'http://x/h', profile: 'standard', secret: null, reused: true });
    expect(line).not.toMatch(/whsec_/);
    expect(line).toMatch(/--print-secret/);
  });
});

describe('receiver URLs', () => {
  const secretUrl = 'https://bot:hunter2@hooks.example/in?token=abc&v=2&debug#frag';

  it('are printed without user-info, query values or fragment, in both formats', () => {
    expect(redactUrl(secretUrl)).toBe('https://***@hooks.example/in?token=***&v=***&***');
    expect(reportFormatters.text({ ...attempt, url: secretUrl })).toContain('POST https://***@hooks.example/in?token=***&v=***&*** [evt_1]');
    expect(JSON.parse(reportFormatters.json({ ...attempt, url: secretUrl })).url).toBe('https://***@hooks.example/in?token=***&v=***&***');
  });

  it('are printed as given when there is nothing to hide', () => {
    expect(redactUrl('http://127.0.0.1:3000/webhooks')).toBe('http://127.0.0.1:3000/webhooks');
  });

  it('are redacted inside a reason too', () => {
    const line = reportFormatters.text({ kind: 'endpoint.disabled', endpointId: 'we_1', url: 'http://x/h', reason: `replaced by --forward-to ${secretUrl}`, failedDeliveries: 0 });
    expect(line).not.toMatch(/hunter2|abc/);
  });
});

describe('json lines', () => {
  it('are one parseable object per line', () => {
    expect(JSON.parse(reportFormatters.json(attempt))).toMatchObject({ kind: 'attempt', statusCode: 200, attempt: 2 });
  });
});
