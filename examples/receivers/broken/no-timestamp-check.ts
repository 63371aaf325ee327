// Bug: "our clocks drift", so the timestamp tolerance was turned off: any replay is accepted.
import type { Server } from 'node:http';
import { verify } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'no-timestamp-check',
  summary: 'skips the timestamp check (tolerance switched off)',
  breaks: ['replay.stale', 'replay.future'],
  profiles: ['standard', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    verify: ({ headers, body }, { profile, secret }) => verify({ profile, secret, headers, payload: body, toleranceInSeconds: Number.MAX_SAFE_INTEGER }),
  });
}
