// Bug: "signing is optional in development": a request without a signature header is let through.
import type { Server } from 'node:http';
import { profiles } from '../../../generated/profiles.js';
import { parseEvent, verify } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'missing-signature-accepted',
  summary: 'accepts a delivery without a signature header',
  breaks: ['signature.missing'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    verify({ headers, body }, { profile, secret }) {
      const name = profiles[profile].headers.signature.toLowerCase();
      if (headers[name] === undefined) return parseEvent(body, { profile });
      return verify({ profile, secret, headers, payload: body });
    },
  });
}
