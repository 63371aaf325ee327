// Bug: does the work (12 s of it) before answering, so the platform's 10 s budget runs out.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'slow-ack',
  summary: 'acknowledges after 12 s of work',
  breaks: ['latency.ack'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug; `delayMs` is injectable so tests use a small budget instead of 12 real seconds. */
export function createReceiver(options: ReceiverOptions & { readonly delayMs?: number }): Server {
  const { delayMs = 12_000 } = options;
  return createStagedReceiver(options, {
    beforeAck: () => new Promise((resolve) => setTimeout(resolve, delayMs)),
  });
}
