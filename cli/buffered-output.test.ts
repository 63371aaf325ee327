import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bufferedOutput } from './buffered-output.js';

describe('bufferedOutput', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the lines of one burst together, in order, within maxDelayMs', () => {
    const writes: string[] = [];
    const out = bufferedOutput({ write: (t) => writes.push(t) }, { maxDelayMs: 20 });
    for (let i = 0; i < 100; i++) out.write(`api [200] GET /v1/credentials/${i}\n`);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').slice(0, 3)).toEqual(['api [200] GET /v1/credentials/0', 'api [200] GET /v1/credentials/1', 'api [200] GET /v1/credentials/2']);
  });

  it('writes at once on flush (the Ready line, shutdown) and when the queue reaches maxBytes', () => {
    const writes: string[] = [];
    const out = bufferedOutput({ write: (t) => writes.push(t) }, { maxBytes: 10 });
    out.write('Ready!\n');
    out.flush();
    expect(writes).toEqual(['Ready!\n']);
    out.write('0123456789\n');
    expect(writes).toEqual(['Ready!\n', '0123456789\n']);
    out.flush(); // nothing queued: no empty write
    expect(writes).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(writes).toHaveLength(2);
  });
});
