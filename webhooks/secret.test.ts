import { describe, expect, it } from 'vitest';
import { profileNames } from '../generated/profiles.js';
import { generateSecret } from './secret.js';
import { sign } from './sign.js';
import { verifySignature } from './verify.js';

const fixedRandom = (bytes: number) => new Uint8Array(bytes).fill(7);

describe('generateSecret', () => {
  it('makes a whsec_ + base64 secret of 24 random bytes for the standard profile', () => {
    const secret = generateSecret({ random: fixedRandom });
    expect(secret).toBe(`whsec_${Buffer.alloc(24, 7).toString('base64')}`);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
  });

  it('makes printable hex secrets for the utf8-keyed profiles', () => {
    expect(generateSecret({ profile: 'certn', random: fixedRandom })).toBe('07'.repeat(32));
    expect(generateSecret({ profile: 'stripe', random: fixedRandom })).toBe(`whsec_${'07'.repeat(24)}`);
  });

  it('makes a different secret each time, usable to sign and verify in every profile', () => {
    for (const profile of profileNames) {
      const secret = generateSecret({ profile });
      expect(generateSecret({ profile })).not.toBe(secret);
      const { headers, body } = sign({ profile, secret, id: 'evt_12345678', payload: '{"type":"x"}', type: 'x' });
      expect(() => verifySignature({ profile, secret, headers, payload: body })).not.toThrow();
    }
  });
});
