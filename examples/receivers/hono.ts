// A reference webhook receiver on the Fetch API (Hono; the same handler shape runs on Next.js route
// handlers, Bun, Deno and Workers). Copy it as a starting point: verify the raw Request body with
// verifyRequest before anything reads it, deduplicate, acknowledge, then process.
// Run it: WEBHOOK_SECRET=whsec_… PORT=3000 node dist/examples/receivers/hono.js
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
// In your application: import { … } from 'credkit/webhooks';
import { profiles } from '../../generated/profiles.js';
import { verifyRequest, WebhookVerificationError } from '../../webhooks/index.js';
import { isMain, receiverConfigFromEnv, type ReceiverOptions } from './config.js';
import { storableEvent } from './handle-event.js';
import { ReceiverStore } from './store.js';

/**
 * A Hono app that receives webhooks of one profile; `app.fetch` is a Fetch API handler.
 *
 * @example serve({ fetch: createHonoReceiver({ secret: process.env.WEBHOOK_SECRET! }).fetch, port: 3000 })
 */
export function createHonoReceiver({ profile = 'standard', secret, path = '/webhooks', probePath = '/_probe' }: ReceiverOptions, store = new ReceiverStore()): Hono {
  const app = new Hono({ strict: true });
  const handshake = profiles[profile].handshake;

  app.post(path, async (c) => {
    let storable;
    try {
      // c.req.raw is the untouched Request: its bytes are what was signed.
      storable = storableEvent(await verifyRequest({ request: c.req.raw, profile, secret }));
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      return c.json({ error: err.code }, err.status);
    }
    if (!storable) return c.json({ ignored: true }, 202); // a type added after this code was written
    if (!store.firstTime(storable.id)) return c.json({ duplicate: true }, 200);
    // Acknowledge now; the queue applies it after the response, newest revision wins.
    store.enqueue(() => store.apply(storable));
    return c.json({ received: true }, 202);
  });

  if (handshake) {
    app.get(path, (c) => {
      const challenge = c.req.query(handshake.queryParameter) ?? '';
      return c.body(challenge, handshake.expectStatus as 200, { 'content-type': handshake.expectContentType, ...handshake.expectHeaders });
    });
  }

  if (probePath !== null) {
    app.get(`${probePath}/*`, (c) => {
      const { status, body } = store.probe(c.req.path.slice(probePath.length));
      return c.json(body, status);
    });
  }

  app.onError((err, c) => {
    console.error('webhook handler failed:', err);
    return c.json({ error: 'internal' }, 500);
  });
  return app;
}

if (isMain(import.meta.url)) {
  const { port, host, ...options } = receiverConfigFromEnv();
  serve({ fetch: createHonoReceiver(options).fetch, port, hostname: host }, (info) =>
    console.log(`Hono receiver (${options.profile}) listening on http://${host}:${info.port}${options.path}`),
  );
}
