// Bug: last write wins: whatever arrives last overwrites the object, even an older revision.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import { createStagedReceiver, type BugDescription } from './base.js';

export const bug: BugDescription = {
  id: 'older-revision-overwrites',
  summary: 'lets an older revision overwrite a newer one',
  breaks: ['ordering.out-of-order'],
  profiles: ['standard', 'certdirectory', 'compliancely', 'stripe'],
};

/** A receiver with the bug. */
export function createReceiver(options: ReceiverOptions): Server {
  return createStagedReceiver(options, {
    apply(store, event) {
      store.countApplied(event.id);
      if (event.object) store.overwrite(event.object.kind, event.object.id, { revision: event.object.revision, status: event.object.status });
    },
  });
}
