import { describe, expect, it } from 'vitest';
import { DeliveryConfigError } from './errors.js';
import { DELIVERY_DEFAULTS, resolveDeliveryOptions } from './options.js';

describe('resolveDeliveryOptions', () => {
  it('takes the CLI flag values as parsed (kebab-case names, numbers as strings)', () => {
    const o = resolveDeliveryOptions({ 'forward-to': 'http://127.0.0.1:3000/hooks', 'duplicate-rate': '0.2', 'reorder-window': '1.5', 'print-secret': true, chaos: 'on', format: 'json', profile: 'stripe' });
    expect(o).toMatchObject({ forwardTo: 'http://127.0.0.1:3000/hooks', duplicateRate: 0.2, reorderWindowMs: 1500, printSecret: true, format: 'json', profile: 'stripe' });
  });

  it('defaults to mild chaos and in-order single sending when chaos is off', () => {
    expect(resolveDeliveryOptions({})).toMatchObject({ chaos: 'on', duplicateRate: DELIVERY_DEFAULTS.duplicateRate, concurrency: DELIVERY_DEFAULTS.concurrencyChaosOn });
    expect(resolveDeliveryOptions({ chaos: 'off' }).concurrency).toBe(1);
  });

  it.each([
    [{ 'forward-to': 'ftp://example.com' }, /--forward-to must be an http\(s\) URL/],
    [{ profile: 'svix' }, /--profile must be one of/],
    [{ chaos: 'maybe' }, /--chaos must be on or off/],
    [{ 'duplicate-rate': '1.5' }, /--duplicate-rate must be a number from 0 to 1/],
    [{ 'reorder-window': 'soon' }, /--reorder-window must be a number/],
  ])('rejects %j with a typed error and a hint', (input, message) => {
    try {
      resolveDeliveryOptions(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DeliveryConfigError);
      expect((err as DeliveryConfigError).message).toMatch(message);
      expect((err as DeliveryConfigError).hint).toMatch(/^e\.g\.|^a share|^mock seconds/);
    }
  });
});
