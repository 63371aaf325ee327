// A reference webhook receiver on Express. Copy it as a starting point. The one rule Express
// users break: the webhook route must get the RAW body (express.raw), never express.json(),
// because the signature covers the exact bytes sent.
// Run it: WEBHOOK_SECRET=whsec_… PORT=3000 node dist/examples/receivers/express.js
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
// In your application: import { … } from 'credkit/webhooks';
import { profiles } from '../../generated/profiles.js';
import { verifyNodeRequest, WebhookVerificationError } from '../../webhooks/index.js';
import { isMain, receiverConfigFromEnv, type ReceiverOptions } from './config.js';
import { storableEvent } from './handle-event.js';
import { ReceiverStore } from './store.js';

/**
 * An Express app that receives webhooks of one profile.
 *
 * @example createExpressReceiver({ secret: process.env.WEBHOOK_SECRET! }).listen(3000)
 */
export function createExpressReceiver({ profile = 'standard', secret, path = '/webhooks', probePath = '/_probe' }: ReceiverOptions, store = new ReceiverStore()): Express {
  const app = express();
  const handshake = profiles[profile].handshake;
  // Never follow the platform's URL with a slash-redirect: the platform does not follow redirects.
  app.set('strict routing', true);

  // type: '*/*' keeps the body raw whatever content type a proxy puts on it.
  app.post(path, express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    let storable;
    try {
      storable = storableEvent(await verifyNodeRequest({ req, profile, secret }));
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      // 400 when the delivery is bad, 500 when this receiver is misconfigured (so the platform retries later).
      res.status(err.status).json({ error: err.code });
      return;
    }
    if (!storable) return void res.status(202).json({ ignored: true }); // an event type added after this code was written
    if (!store.firstTime(storable.id)) return void res.status(200).json({ duplicate: true });
    res.status(202).json({ received: true }); // acknowledge first …
    store.enqueue(() => store.apply(storable)); // … then process, in arrival order, newest revision wins
  });

  if (handshake) {
    // Certn's endpoint verification: the challenge back, exactly, as text/plain with nosniff.
    app.get(path, (req, res) => {
      const challenge = req.query[handshake.queryParameter];
      res.status(handshake.expectStatus).set(handshake.expectHeaders).type(handshake.expectContentType).send(typeof challenge === 'string' ? challenge : '');
    });
  }

  if (probePath !== null) {
    // The conformance probe: test environments only.
    app.get(`${probePath}/*rest`, (req, res) => {
      const { status, body } = store.probe(req.path.slice(probePath.length));
      res.status(status).json(body);
    });
  }
  return app;
}

if (isMain(import.meta.url)) {
  const { port, host, ...options } = receiverConfigFromEnv();
  const server = createExpressReceiver(options).listen(port, host, () => {
    const { port: actual } = server.address() as AddressInfo; // PORT=0 picks a free port
    console.log(`Express receiver (${options.profile}) listening on http://${host}:${actual}${options.path}`);
  });
}
