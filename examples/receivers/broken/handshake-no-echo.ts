// Bug: answers the verification GET with 200 but without echoing the challenge.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'handshake-no-echo',
  summary: 'answers the handshake without echoing the challenge',
  breaks: ['handshake.challenge'],
  profiles: ['certn'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    handshake: (_challenge, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(),
  });
}
