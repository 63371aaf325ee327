import { describe, expect, it } from 'vitest';
import { profileNames, profiles } from '../generated/profiles.js';
import { checkCatalog, checkDocsUrl, getCheck, isCheckId } from './catalog.js';
import { checkIds } from './check.js';

describe('the check catalog', () => {
  it('holds every documented check id once, in run order', () => {
    expect(checkCatalog.map((c) => c.id)).toEqual([...checkIds]);
    expect(new Set(checkIds).size).toBe(17);
  });

  it('gives every check user-facing text, a docs anchor equal to its id and a bounded request count', () => {
    for (const check of checkCatalog) {
      expect(check.title.length, check.id).toBeGreaterThan(10);
      expect(check.why.length, check.id).toBeGreaterThan(40);
      expect(check.fix.length, check.id).toBeGreaterThan(40);
      expect(check.sends.length, check.id).toBeGreaterThan(5);
      expect(check.docsAnchor).toBe(check.id);
      expect(checkDocsUrl(check)).toBe(`checks.html#${check.id}`);
      for (const name of profileNames) expect(check.sequentialSteps(profiles[name])).toBeGreaterThanOrEqual(1);
    }
  });

  it('rules checks out per profile with a reason, as the profiles describe them', () => {
    const reason = (id: (typeof checkIds)[number], profile: (typeof profileNames)[number]) => getCheck(id).appliesTo(profiles[profile]);
    expect(reason('handshake.challenge', 'certn')).toBe(true);
    expect(reason('handshake.challenge', 'standard')).toMatch(/no verification handshake/);
    expect(reason('replay.stale', 'certdirectory')).toMatch(/signs only the body/);
    expect(reason('replay.stale', 'stripe')).toBe(true);
    expect(reason('replay.future', 'stripe')).toMatch(/only a timestamp's age/);
    expect(reason('replay.future', 'standard')).toBe(true);
    expect(reason('signature.rotation', 'compliancely')).toMatch(/one signature/);
    expect(reason('signature.rotation', 'stripe')).toBe(true);
    expect(reason('ordering.out-of-order', 'certn')).toMatch(/carries no revision/);
  });

  it('tells check ids from anything else', () => {
    expect(isCheckId('load.burst')).toBe(true);
    expect(isCheckId('load.bursts')).toBe(false);
    expect(isCheckId('toString')).toBe(false);
  });
});
