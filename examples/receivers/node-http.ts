// A reference webhook receiver on bare node:http. Copy it as a starting point:
//   1. verify the raw body with credkit/webhooks (400 for a bad delivery, 500 for your own misconfiguration),
//   2. deduplicate by event id, 3. acknowledge at once, 4. process after, ordering by data.revision.
// Run it: WEBHOOK_SECRET=whsec_… PORT=3000 node dist/examples/receivers/node-http.js
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// In your application: import { … } from 'credkit/webhooks';
import { profiles } from '../../generated/profiles.js';
import { verifyNodeRequest, WebhookVerificationError } from '../../webhooks/index.js';
import { isMain, receiverConfigFromEnv, type ReceiverOptions } from './config.js';
import { storableEvent } from './handle-event.js';
import { ReceiverStore } from './store.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A node:http server that receives webhooks of one profile (not listening yet).
 *
 * @example createNodeReceiver({ secret: process.env.WEBHOOK_SECRET! }).listen(3000, '127.0.0.1')
 */
export function createNodeReceiver({ profile = 'standard', secret, path = '/webhooks', probePath = '/_probe' }: ReceiverOptions, store = new ReceiverStore()): Server {
  const handshake = profiles[profile].handshake;

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let storable;
    try {
      storable = storableEvent(await verifyNodeRequest({ req, profile, secret }));
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      // err.status: 400 when the delivery is bad, 500 when this receiver is misconfigured (e.g. an empty secret).
      return sendJson(res, err.status, { error: err.code });
    }
    // Unknown event types are acknowledged and ignored; duplicates are acknowledged and not applied again.
    if (!storable) return sendJson(res, 202, { ignored: true });
    if (!store.firstTime(storable.id)) return sendJson(res, 200, { duplicate: true });
    // Acknowledge first, then process: the platform waits at most 10 s for the answer.
    sendJson(res, 202, { received: true });
    store.enqueue(() => store.apply(storable));
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver.local');
    if (req.method === 'POST' && url.pathname === path) {
      receive(req, res).catch((err: unknown) => {
        console.error('webhook handler failed:', err);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === path && handshake) {
      // The endpoint verification of profiles that have one (Certn): echo the challenge, exactly, as text.
      const challenge = url.searchParams.get(handshake.queryParameter) ?? '';
      res.writeHead(handshake.expectStatus, { 'content-type': handshake.expectContentType, ...handshake.expectHeaders }).end(challenge);
      return;
    }
    if (req.method === 'GET' && probePath !== null && url.pathname.startsWith(`${probePath}/`)) {
      const { status, body } = store.probe(url.pathname.slice(probePath.length));
      return sendJson(res, status, body);
    }
    sendJson(res, 404, { error: 'not found' });
  });
}

if (isMain(import.meta.url)) {
  const { port, host, ...options } = receiverConfigFromEnv();
  const server = createNodeReceiver(options).listen(port, host, () => {
    const { port: actual } = server.address() as AddressInfo; // PORT=0 picks a free port
    console.log(`node:http receiver (${options.profile}) listening on http://${host}:${actual}${options.path}`);
  });
}
