// The delivery plugin's options: what `credkit mock` passes (its flag values, strings included)
// and what tests inject, resolved once into one fully populated object.
import { profileNames, type ProfileName } from '../../generated/profiles.js';
import { DeliveryConfigError } from './errors.js';
import type { HttpSender } from './http-sender.js';
import { DEFAULT_DISABLE_RULE, type DisableRule } from './disable-rule.js';
import type { ReportFormat } from './console-reporter.js';

/** Chaos: realistic duplicates and reordering ('on', the default) or clean in-order single delivery ('off'). */
export type ChaosMode = 'on' | 'off';

/** Options of createDeliveryPlugin. CLI flag names (`forward-to`) are accepted beside camelCase. */
export interface DeliveryPluginOptions {
  /** Register (or reuse) an endpoint for this URL at start: `credkit mock --forward-to`. */
  forwardTo?: string | undefined;
  /** The wire profile of the --forward-to endpoint (default standard). */
  profile?: ProfileName | string | undefined;
  /** The --forward-to endpoint's secret (default: generated once, then kept in the db). */
  secret?: string | undefined;
  /** Print the --forward-to secret again on a restart (it is printed once, at registration). */
  printSecret?: boolean | undefined;
  chaos?: ChaosMode | string | undefined;
  /** Share of events delivered twice when chaos is on, 0…1 (default 0.03). */
  duplicateRate?: number | string | undefined;
  /** Mock seconds within which events of one object may overtake each other when chaos is on (default 2). */
  reorderWindow?: number | string | undefined;
  format?: ReportFormat | string | undefined;
  /** Where console lines go (default the platform logger's info). */
  write?: (line: string) => void;
  /** Real time in ms: signature timestamps and latency (default Date.now). */
  now?: () => number;
  /** Jitter and chaos draws in [0, 1) (default seeded from the platform seed). */
  random?: () => number;
  /** Real ms a receiver has to answer (default the profile's responseBudgetInSeconds). */
  responseBudgetMs?: number;
  /** Deliveries in flight per endpoint (default 1 with chaos off, so order holds; 4 with chaos on). */
  concurrency?: number;
  /** When sustained failure disables an endpoint (default 20 failures in a row over 24 mock hours). */
  disableRule?: DisableRule;
  /** The HTTP client (tests and the benchmark may share one). */
  sender?: HttpSender;
  /** Random hex for handshake challenges (default node:crypto). */
  challenge?: () => string;
}

/** The resolved options. */
export interface ResolvedDeliveryOptions {
  readonly forwardTo: string | undefined;
  readonly profile: ProfileName;
  readonly secret: string | undefined;
  readonly printSecret: boolean;
  readonly chaos: ChaosMode;
  readonly duplicateRate: number;
  readonly reorderWindowMs: number;
  readonly format: ReportFormat;
  readonly write: ((line: string) => void) | undefined;
  readonly now: () => number;
  readonly random: (() => number) | undefined;
  readonly responseBudgetMs: number | undefined;
  readonly concurrency: number;
  readonly disableRule: DisableRule;
  readonly sender: HttpSender | undefined;
  readonly challenge: (() => string) | undefined;
}

/** Defaults: realistic but mild. */
export const DELIVERY_DEFAULTS = { duplicateRate: 0.03, reorderWindowSeconds: 2, concurrencyChaosOn: 4, concurrencyChaosOff: 1 } as const;

function pickOption(input: Record<string, unknown>, camel: string, kebab: string): unknown {
  return input[camel] ?? input[kebab];
}

function numberOption(name: string, raw: unknown, fallback: number, min: number, max: number, hint: string): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new DeliveryConfigError('invalid_option', `--${name} must be a number from ${min} to ${max}; got ${JSON.stringify(raw)}`, hint);
  return n;
}

/**
 * Resolves plugin options (throws DeliveryConfigError with a hint for bad values).
 * @example resolveDeliveryOptions({ 'forward-to': 'http://127.0.0.1:3000/webhooks', chaos: 'off' })
 */
export function resolveDeliveryOptions(options: DeliveryPluginOptions | Record<string, unknown> = {}): ResolvedDeliveryOptions {
  const input = options as Record<string, unknown>;
  const forwardTo = pickOption(input, 'forwardTo', 'forward-to') as string | undefined;
  if (forwardTo !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(forwardTo);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new DeliveryConfigError('invalid_option', `--forward-to must be an http(s) URL; got ${JSON.stringify(forwardTo)}`, 'e.g. --forward-to http://127.0.0.1:3000/webhooks');
    }
  }
  const profile = (input.profile as string | undefined) ?? 'standard';
  if (!(profileNames as readonly string[]).includes(profile)) {
    throw new DeliveryConfigError('invalid_option', `--profile must be one of ${profileNames.join(', ')}; got ${JSON.stringify(profile)}`, 'e.g. --profile standard');
  }
  const chaos = (input.chaos as string | undefined) ?? 'on';
  if (chaos !== 'on' && chaos !== 'off') throw new DeliveryConfigError('invalid_option', `--chaos must be on or off; got ${JSON.stringify(chaos)}`, 'e.g. --chaos off');
  const format = (input.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new DeliveryConfigError('invalid_option', `--format must be text or json; got ${JSON.stringify(format)}`, 'e.g. --format json');
  const duplicateRate = numberOption('duplicate-rate', pickOption(input, 'duplicateRate', 'duplicate-rate'), DELIVERY_DEFAULTS.duplicateRate, 0, 1, 'a share, e.g. --duplicate-rate 0.05');
  const reorderWindow = numberOption('reorder-window', pickOption(input, 'reorderWindow', 'reorder-window'), DELIVERY_DEFAULTS.reorderWindowSeconds, 0, 3600, 'mock seconds, e.g. --reorder-window 2');
  const o = options as DeliveryPluginOptions;
  const concurrency = o.concurrency ?? (chaos === 'on' ? DELIVERY_DEFAULTS.concurrencyChaosOn : DELIVERY_DEFAULTS.concurrencyChaosOff);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new DeliveryConfigError('invalid_option', `concurrency must be a positive integer; got ${concurrency}`, 'e.g. concurrency: 4');
  return {
    forwardTo,
    profile: profile as ProfileName,
    secret: o.secret,
    printSecret: (pickOption(input, 'printSecret', 'print-secret') as boolean | undefined) === true,
    chaos,
    duplicateRate,
    reorderWindowMs: Math.round(reorderWindow * 1000),
    format,
    write: o.write,
    now: o.now ?? Date.now,
    random: o.random,
    responseBudgetMs: o.responseBudgetMs,
    concurrency,
    disableRule: o.disableRule ?? DEFAULT_DISABLE_RULE,
    sender: o.sender,
    challenge: o.challenge,
  };
}
