import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../generated/events.js';
import { applyOverrides, triggerRecipes } from './trigger.js';

describe('triggerRecipes', () => {
  it('has a flow for every event type of the catalog', () => {
    expect(Object.keys(triggerRecipes).sort()).toEqual([...eventTypes].sort());
  });
});

describe('applyOverrides', () => {
  it('sets dotted paths, drops a leading data. and parses JSON values', () => {
    const apply = applyOverrides(['data.title=Kubernetes', 'recipient.email=a@b.co', 'metadata={"cohort":"Q4"}', 'count=3']);
    expect(apply({ title: 'x', recipient: { name: 'A', email: 'x@y.z' } })).toEqual({ title: 'Kubernetes', recipient: { name: 'A', email: 'a@b.co' }, metadata: { cohort: 'Q4' }, count: 3 });
  });

  it('does not change the body it was given', () => {
    const body = { title: 'x' };
    applyOverrides(['title=y'])(body);
    expect(body.title).toBe('x');
  });

  it('rejects an override without a value', () => {
    expect(() => applyOverrides(['title'])).toThrow(/--set needs field=value/);
  });
});
