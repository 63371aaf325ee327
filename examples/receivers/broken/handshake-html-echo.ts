// Bug: echoes the challenge through an HTML template (text/html), not as the bare text value.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'handshake-html-echo',
  summary: 'echoes the handshake challenge inside an HTML page',
  breaks: ['handshake.challenge'],
  profiles: ['certn'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    handshake: (challenge, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><body><p>${challenge}</p></body></html>`),
  });
}
