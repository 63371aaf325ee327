// Bug: validates incoming events strictly (additionalProperties: false): a new field answers 400.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'rejects-unknown-fields',
  summary: 'rejects events with fields it does not know',
  breaks: ['compat.unknown-fields'],
  profiles: ['standard', 'certdirectory', 'certn', 'compliancely', 'stripe'],
};

const NATIVE_FIELDS = new Set(['id', 'type', 'createdAt', 'apiVersion', 'data']);
const CERTN_FIELDS = new Set(['id', 'event_type', 'object_id', 'object_type']);

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    inspect(_event, { body }) {
      const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const known = 'event_type' in parsed ? CERTN_FIELDS : NATIVE_FIELDS;
      return Object.keys(parsed).every((k) => known.has(k)) ? undefined : 400;
    },
  });
}
