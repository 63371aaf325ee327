// Bug: a switch over event types whose default branch throws: a new type answers 500.
import type { Server } from 'node:http';
import { isUnknownEvent } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'unknown-type-500',
  summary: 'answers 500 to an unknown event type',
  breaks: ['compat.unknown-type'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    inspect(event) {
      if (isUnknownEvent(event)) throw new Error(`unhandled event type ${event.unknownType}`);
      return undefined;
    },
  });
}
