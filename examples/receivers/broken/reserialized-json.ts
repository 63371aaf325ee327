// Bug: verifies JSON.stringify(JSON.parse(body)) instead of the raw body, the classic result of
// express.json() running before the webhook route. Breaks on any body that is not compact ASCII JSON.
import type { Server } from 'node:http';
import { verify } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'reserialized-json',
  summary: 'verifies re-serialized JSON instead of the raw body',
  breaks: ['body.raw-bytes'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    verify({ headers, body }, { profile, secret }) {
      const parsed: unknown = JSON.parse(body.toString('utf8')); // what a JSON body parser hands the route
      return verify({ profile, secret, headers, payload: JSON.stringify(parsed) });
    },
  });
}
