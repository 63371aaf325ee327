// The check catalog: every check, in run order. The docs catalog page is generated from it.
import { CHECKS_DOCS_PAGE, checkIds, type CheckDefinition, type CheckId } from './check.js';
import { bodyRawBytes } from './checks/body.raw-bytes.js';
import { compatUnknownFields } from './checks/compat.unknown-fields.js';
import { compatUnknownType } from './checks/compat.unknown-type.js';
import { handshakeChallenge } from './checks/handshake.challenge.js';
import { idempotencyDuplicate } from './checks/idempotency.duplicate.js';
import { latencyAck } from './checks/latency.ack.js';
import { loadBurst } from './checks/load.burst.js';
import { orderingOutOfOrder } from './checks/ordering.out-of-order.js';
import { replayFuture } from './checks/replay.future.js';
import { replayStale } from './checks/replay.stale.js';
import { signatureMalformed } from './checks/signature.malformed.js';
import { signatureMissing } from './checks/signature.missing.js';
import { signatureRotation } from './checks/signature.rotation.js';
import { signatureTampered } from './checks/signature.tampered.js';
import { signatureValid } from './checks/signature.valid.js';
import { signatureWrongSecret } from './checks/signature.wrong-secret.js';
import { transportRedirect } from './checks/transport.redirect.js';

const byId: Readonly<Record<CheckId, CheckDefinition>> = {
  'handshake.challenge': handshakeChallenge,
  'transport.redirect': transportRedirect,
  'signature.valid': signatureValid,
  'signature.missing': signatureMissing,
  'signature.tampered': signatureTampered,
  'signature.wrong-secret': signatureWrongSecret,
  'signature.malformed': signatureMalformed,
  'replay.stale': replayStale,
  'replay.future': replayFuture,
  'signature.rotation': signatureRotation,
  'body.raw-bytes': bodyRawBytes,
  'idempotency.duplicate': idempotencyDuplicate,
  'ordering.out-of-order': orderingOutOfOrder,
  'compat.unknown-type': compatUnknownType,
  'compat.unknown-fields': compatUnknownFields,
  'load.burst': loadBurst,
  'latency.ack': latencyAck,
};

/**
 * Every check of the suite, in run order: id, title, why, fix, docs anchor, what it sends, whether
 * it uses the probe, and where it applies. Read by the runner, the reporters and the docs build.
 *
 * @example checkCatalog.map((c) => `${c.id}: ${c.title}`)
 */
export const checkCatalog: readonly CheckDefinition[] = checkIds.map((id) => byId[id]);

/**
 * One check by id.
 *
 * @example getCheck('signature.valid').fix
 */
export function getCheck(id: CheckId): CheckDefinition {
  return byId[id];
}

/** True for a known check id (for validating --only and --skip). */
export function isCheckId(value: string): value is CheckId {
  return Object.hasOwn(byId, value);
}

/**
 * Where a check is explained: its anchor on the catalog page of the shipped docs site, relative to
 * the site's root (reporters add how to open it: `npx credkit docs checks.html#replay.stale`).
 *
 * @example checkDocsUrl(getCheck('replay.stale')) // 'checks.html#replay.stale'
 */
export function checkDocsUrl(check: Pick<CheckDefinition, 'docsAnchor'>): string {
  return `${CHECKS_DOCS_PAGE}#${check.docsAnchor}`;
}
