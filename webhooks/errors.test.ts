import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_DOCS_URL, WebhookVerificationError, webhookErrorCodes, type WebhookVerificationErrorCode } from './errors.js';

const codes = Object.keys(webhookErrorCodes) as WebhookVerificationErrorCode[];

describe('WebhookVerificationError', () => {
  it('gives every code a reason, a hint, a status and a documented anchor in the guide', () => {
    const guide = readFileSync(new URL('../docs/guides/verifying-signatures.md', import.meta.url), 'utf8');
    for (const code of codes) {
      const err = new WebhookVerificationError(code);
      expect(err.message, code).toBe(`${webhookErrorCodes[code].reason}: ${webhookErrorCodes[code].hint}`);
      expect(err.status, code).toBe(code === 'invalid_secret' || code === 'invalid_option' ? 500 : 400);
      expect(err.docsUrl).toBe(`${WEBHOOK_DOCS_URL}#${code}`);
      expect(guide, `guide anchor for ${code}`).toContain(`<a id="${code}"></a>`);
    }
  });

  it('keeps the native cause', () => {
    const cause = new SyntaxError('Unexpected token');
    expect(new WebhookVerificationError('invalid_payload', { cause }).cause).toBe(cause);
    expect('cause' in new WebhookVerificationError('invalid_payload')).toBe(false);
  });
});
