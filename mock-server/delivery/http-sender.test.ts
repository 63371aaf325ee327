import { describe, expect, it } from 'vitest';
import { statusError, truncateUtf8 } from './http-sender.js';

describe('statusError', () => {
  it('names every non-2xx answer; 3xx is a redirect that is never followed', () => {
    expect(statusError(204)).toBeNull();
    expect(statusError(301)).toBe('redirect_not_followed');
    expect(statusError(410)).toBe('http_410');
    expect(statusError(503)).toBe('http_503');
  });
});

describe('truncateUtf8', () => {
  it('cuts at a byte budget without splitting a character', () => {
    const cut = truncateUtf8('aé'.repeat(1000), 1024);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024);
    expect(cut.endsWith('\uFFFD')).toBe(false);
    expect('aé'.repeat(1000).startsWith(cut)).toBe(true);
  });
});
