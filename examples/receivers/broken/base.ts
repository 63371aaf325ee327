// The base of the deliberately broken receivers: the node:http reference receiver cut into stages,
// so that each broken receiver replaces exactly one stage with one realistic bug. The conformance
// suite's own tests run every one of them and expect exactly its check(s) to fail.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { profiles, type ProfileName } from '../../../generated/profiles.js';
import { verify, WebhookVerificationError, type ProfileEvent } from '../../../webhooks/index.js';
import type { ReceiverOptions } from '../config.js';
import { storableEvent } from '../handle-event.js';
import { ReceiverStore, type StorableEvent } from '../store.js';

/** A request as the stages see it: headers and the raw body. */
export interface RawDelivery {
  readonly headers: IncomingMessage['headersDistinct'];
  readonly body: Buffer;
}

/** The stages a broken receiver may replace. Each default is the reference behaviour. */
export interface ReceiverStages {
  /** Answers the handshake GET (profiles that have one). */
  handshake(challenge: string, res: ServerResponse): void;
  /** Verifies and parses a delivery (throws WebhookVerificationError). */
  verify(delivery: RawDelivery, options: { profile: ProfileName; secret: string }): ProfileEvent<ProfileName>;
  /** Looks at a verified event before it is stored; returns a status to answer instead, or nothing. */
  inspect(event: ProfileEvent<ProfileName>, delivery: RawDelivery): number | undefined;
  /** True when the event is new (deduplication). */
  firstTime(store: ReceiverStore, eventId: string): boolean;
  /** Applies an event to the store (ordering). */
  apply(store: ReceiverStore, event: StorableEvent): void;
  /** Runs before the acknowledgement (work done before answering). */
  beforeAck(): Promise<void>;
  /** Handles a request before routing; true when it answered (e.g. a redirect). */
  intercept(req: IncomingMessage, res: ServerResponse): boolean;
}

/** What the reference receiver does at every stage. */
export const referenceStages: ReceiverStages = {
  handshake(challenge, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }).end(challenge);
  },
  verify({ headers, body }, { profile, secret }) {
    return verify({ profile, secret, headers, payload: body });
  },
  inspect: () => undefined,
  firstTime: (store, id) => store.firstTime(id),
  apply: (store, event) => store.apply(event),
  beforeAck: async () => {},
  intercept: () => false,
};

/** A broken receiver's identity: which bug, and which checks it must fail (and no others). */
export interface BugDescription {
  readonly id: string;
  readonly summary: string;
  /** The check ids this bug breaks. */
  readonly breaks: readonly string[];
  /** Profiles where the bug can show (a handshake bug needs a profile with a handshake). */
  readonly profiles: readonly ProfileName[];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A node:http receiver built from stages: the reference ones, with some replaced.
 *
 * @example createStagedReceiver({ secret }, { firstTime: () => true }) // a receiver that never deduplicates
 */
export function createStagedReceiver(
  { profile = 'standard', secret, path = '/webhooks', probePath = '/_probe' }: ReceiverOptions,
  overrides: Partial<ReceiverStages> = {},
  store = new ReceiverStore(),
): Server {
  const stages: ReceiverStages = { ...referenceStages, ...overrides };
  const handshake = profiles[profile].handshake;

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const delivery: RawDelivery = { headers: req.headersDistinct, body: await readBody(req) };
    let event: ProfileEvent<ProfileName>;
    try {
      event = stages.verify(delivery, { profile, secret });
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      return sendJson(res, err.status, { error: err.code });
    }
    const refused = stages.inspect(event, delivery);
    if (refused !== undefined) return sendJson(res, refused, { error: 'refused' });
    const storable = storableEvent(event);
    if (!storable) return sendJson(res, 202, { ignored: true });
    if (!stages.firstTime(store, storable.id)) return sendJson(res, 200, { duplicate: true });
    await stages.beforeAck();
    sendJson(res, 202, { received: true });
    store.enqueue(() => stages.apply(store, storable));
  }

  return createServer((req, res) => {
    if (stages.intercept(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://receiver.local');
    if (req.method === 'POST' && url.pathname === path) {
      receive(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : 'internal' });
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === path && handshake) {
      return stages.handshake(url.searchParams.get(handshake.queryParameter) ?? '', res);
    }
    if (req.method === 'GET' && probePath !== null && url.pathname.startsWith(`${probePath}/`)) {
      const { status, body } = store.probe(url.pathname.slice(probePath.length));
      return sendJson(res, status, body);
    }
    sendJson(res, 404, { error: 'not found' });
  });
}
