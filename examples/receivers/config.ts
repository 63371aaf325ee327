// How every example receiver is configured: options in code, or the environment when run directly.
import { profileNames, type ProfileName } from '../../generated/profiles.js';

/** Options every example receiver takes. */
export interface ReceiverOptions {
  /** The wire profile the platform uses for this endpoint. */
  readonly profile?: ProfileName;
  /** The endpoint's signing secret. */
  readonly secret: string;
  /** Where the platform POSTs events. */
  readonly path?: string;
  /** Prefix of the read-only probe for the conformance suite; `null` to leave it out (production). */
  readonly probePath?: string | null;
}

/**
 * Reads `CREDKIT_PROFILE`, `WEBHOOK_SECRET`, `PORT`, `HOST` and `PROBE` (set to `off` to disable the probe).
 *
 * @example WEBHOOK_SECRET=whsec_… PORT=3000 node dist/examples/receivers/node-http.js
 */
export function receiverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReceiverOptions & { port: number; host: string } {
  const profile = (env.CREDKIT_PROFILE ?? 'standard') as ProfileName;
  if (!profileNames.includes(profile)) throw new Error(`CREDKIT_PROFILE must be one of ${profileNames.join(', ')}`);
  const secret = env.WEBHOOK_SECRET;
  if (!secret) throw new Error('WEBHOOK_SECRET is not set: export the signing secret of your endpoint');
  return {
    profile,
    secret,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    path: env.WEBHOOK_PATH ?? '/webhooks',
    probePath: env.PROBE === 'off' ? null : '/_probe',
  };
}

/** True when this module is the process's entry point (`node file.js`), not imported. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && new URL(importMetaUrl).pathname === new URL(`file://${entry}`).pathname;
}
