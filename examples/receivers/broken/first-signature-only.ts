// Bug: splits the signature header and checks only the first signature, so a secret rotation
// (old and new signature in one header) is rejected.
import type { Server } from 'node:http';
import { profiles } from '../../../generated/profiles.js';
import { verify } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'first-signature-only',
  summary: 'compares only the first signature of the header',
  breaks: ['signature.rotation'],
  profiles: ['standard', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    verify({ headers, body }, { profile, secret }) {
      const name = profiles[profile].headers.signature.toLowerCase();
      const value = headers[name]?.[0];
      if (value !== undefined) {
        const firstOnly =
          profiles[profile].signature.headerFormat === 'stripe'
            ? value.split(',').filter((part, i, all) => part.startsWith('t=') || part === all.find((p) => p.startsWith('v1='))).join(',')
            : value.split(' ')[0]!;
        return verify({ profile, secret, headers: { ...headers, [name]: [firstOnly] }, payload: body });
      }
      return verify({ profile, secret, headers, payload: body });
    },
  });
}
