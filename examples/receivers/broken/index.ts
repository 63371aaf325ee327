// Every broken receiver, by bug id: the conformance suite's own test table.
import type { Server } from 'node:http';
import type { ReceiverOptions } from '../config.js';
import type { BugDescription } from './base.js';
import * as duplicatesAppliedTwice from './duplicates-applied-twice.js';
import * as firstSignatureOnly from './first-signature-only.js';
import * as handshakeHtmlEcho from './handshake-html-echo.js';
import * as handshakeNoEcho from './handshake-no-echo.js';
import * as missingSignatureAccepted from './missing-signature-accepted.js';
import * as noTimestampCheck from './no-timestamp-check.js';
import * as olderRevisionOverwrites from './older-revision-overwrites.js';
import * as redirects from './redirects.js';
import * as rejectsUnknownFields from './rejects-unknown-fields.js';
import * as reserializedJson from './reserialized-json.js';
import * as slowAck from './slow-ack.js';
import * as unknownType500 from './unknown-type-500.js';

/** A broken receiver module: its bug and a factory. */
export interface BrokenReceiver {
  readonly bug: BugDescription;
  createReceiver(options: ReceiverOptions & { readonly delayMs?: number }): Server;
}

/** Every broken receiver. */
export const brokenReceivers: readonly BrokenReceiver[] = [
  reserializedJson,
  noTimestampCheck,
  missingSignatureAccepted,
  firstSignatureOnly,
  duplicatesAppliedTwice,
  olderRevisionOverwrites,
  unknownType500,
  rejectsUnknownFields,
  slowAck,
  handshakeNoEcho,
  handshakeHtmlEcho,
  redirects,
];

export type { BugDescription } from './base.js';
