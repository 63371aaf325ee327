import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

const profiles = ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'];

describe('didYouMean', () => {
  it('suggests the known name a typo or a different case most likely meant', () => {
    expect(didYouMean('stripee', profiles)).toBe('stripe');
    expect(didYouMean('Standard', profiles)).toBe('standard');
    expect(didYouMean('certdirectry', profiles)).toBe('certdirectory');
    expect(didYouMean('secrte', ['mock', 'secret', 'docs'])).toBe('secret');
  });

  it('counts two swapped neighbours as one typo', () => {
    expect(didYouMean('ulr', ['url', 'secret', 'profile'])).toBe('url');
    expect(didYouMean('porfile', ['url', 'secret', 'profile'])).toBe('profile');
  });

  it('completes a prefix', () => {
    expect(didYouMean('compl', profiles)).toBe('compliancely');
  });

  it('suggests nothing for a name that is not close to any', () => {
    expect(didYouMean('svix', profiles)).toBeUndefined();
    expect(didYouMean('', profiles)).toBeUndefined();
  });
});
