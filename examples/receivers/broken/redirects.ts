// Bug: the webhook route lives at /webhooks/ and the framework redirects /webhooks there (308).
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'redirects',
  summary: 'redirects deliveries to another URL',
  breaks: ['transport.redirect'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  const path = options.path ?? '/webhooks';
  return createStagedReceiver(options, {
    intercept(req, res) {
      if (req.method !== 'POST' || !req.url?.startsWith(path) || req.url.startsWith(`${path}/`)) return false;
      res.writeHead(308, { location: `${path}/` }).end();
      return true;
    },
  });
}
