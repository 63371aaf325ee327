// A production receiver: verify the raw body, then narrow on `type` before reading `data`.
import { createServer } from 'node:http';
import { verifyNodeRequest, isUnknownEvent, WebhookVerificationError } from '@credkit/sdk/webhooks';
import type { WebhookEvent } from 'credkit/webhooks';

export function describe(event: WebhookEvent): string {
  switch (event.type) {
    case 'credential.revoked':
      return `revoked ${event.data.id} (revision ${event.data.revision})`;
    case 'credential.issued':
      return `issued ${event.data.id} to ${event.data.recipientEmail}`;
    default:
      return event.type;
  }
}

const secret = process.env.WEBHOOK_SECRET ?? '';
createServer(async (req, res) => {
  try {
    const event = await verifyNodeRequest({ req, secret });
    if (isUnknownEvent(event)) return void res.writeHead(204).end(); // a type newer than this build
    console.log(describe(event));
    res.writeHead(204).end();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return void res.writeHead(400).end(err.code);
    throw err;
  }
});
