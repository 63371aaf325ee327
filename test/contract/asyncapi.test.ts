// The AsyncAPI view of the webhooks parses with the official parser and has one message per event.
import { fileURLToPath } from 'node:url';
import { Parser, fromFile } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../generated/events.js';

describe('generated/asyncapi.yaml', () => {
  it('parses with @asyncapi/parser with no errors and has a channel, send operation and message per event type', async () => {
    const path = fileURLToPath(new URL('../../generated/asyncapi.yaml', import.meta.url));
    const { document, diagnostics } = await fromFile(new Parser(), path).parse();
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    const names = document!.messages().all().map((m) => m.name());
    expect(names.sort()).toEqual([...eventTypes].sort());
    expect(document!.channels().length).toBe(eventTypes.length);
    const ops = document!.operations().all();
    expect(ops).toHaveLength(eventTypes.length);
    for (const op of ops) {
      expect(op.action()).toBe('send');
      expect(op.bindings().get('http')?.value()).toMatchObject({ method: 'POST' });
    }
    for (const message of document!.messages().all()) {
      // The payload $ref into openapi.json resolved to the contract's schema, with its type const.
      expect(message.payload()?.properties()?.type?.const()).toBe(message.name());
      expect(message.headers()?.required()).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    }
  });
});
