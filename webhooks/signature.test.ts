import { describe, expect, it } from 'vitest';
import { profiles } from '../generated/profiles.js';
import { parseSignatureHeader, signaturesEqual } from './signature.js';

describe('signaturesEqual', () => {
  it('is true only for the same ASCII text', () => {
    expect(signaturesEqual('g0hM9SsE+OTP', 'g0hM9SsE+OTP')).toBe(true);
    expect(signaturesEqual('g0hM9SsE+OTP', 'g0hM9SsE+OTQ')).toBe(false);
    expect(signaturesEqual('g0hM9SsE+OTP', 'g0hM9SsE+OT')).toBe(false);
  });

  it('never matches a character whose low byte equals the expected one', () => {
    // U+0150 has low byte 0x50 ('P'): a latin1 write would truncate it to the expected byte.
    expect(signaturesEqual('g0hM9SsE+OTP', 'g0hM9SsE+OT\u0150')).toBe(false);
    expect(signaturesEqual('abcd', '\u00e9cd')).toBe(false);
  });
});

describe('parseSignatureHeader', () => {
  it('separates v1 signatures, other versions and unreadable entries of a standard header', () => {
    expect(parseSignatureHeader(profiles.standard, 'v1,a  v2,b junk v1, ,x v1,c')).toEqual({ candidates: ['a', 'c'], timestamp: undefined, unreadable: 3, otherVersions: 1 });
  });

  it('reads t and every v1 of a stripe header', () => {
    expect(parseSignatureHeader(profiles.stripe, 't=5,v1=a,v0=b,v1=c')).toEqual({ candidates: ['a', 'c'], timestamp: '5', unreadable: 0, otherVersions: 1 });
  });
});
