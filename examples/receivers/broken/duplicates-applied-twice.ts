// Bug: no deduplication: a retried or duplicated event is applied again.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'duplicates-applied-twice',
  summary: 'applies a duplicated event every time it arrives',
  breaks: ['idempotency.duplicate'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, { firstTime: () => true });
}
