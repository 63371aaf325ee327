// The delivery engine as a mock-platform plugin: `credkit mock` builds it from its flags.
//
//   const platform = createMockPlatform({ plugins: [createDeliveryPlugin({ forwardTo: 'http://127.0.0.1:3000/webhooks' })] });
import type { MockPlugin } from '../platform.js';
import { createDeliveryRoutes } from '../routes/deliveries.js';
import { createWebhookEndpointRoutes } from '../routes/webhook-endpoints.js';
import { createDeliveryEngine, type DeliveryEngine } from './engine.js';
import { deliveryMigrations } from './migrations.js';
import { resolveDeliveryOptions, type DeliveryPluginOptions } from './options.js';

/** The plugin, with the engine once the platform has initialised it. */
export interface DeliveryPlugin extends MockPlugin {
  /** The running engine (undefined before the platform calls init). */
  readonly engine: DeliveryEngine | undefined;
}

/**
 * The delivery engine plugin: endpoints, the durable outbox, signed deliveries with retries,
 * handshakes, rotation and chaos. Throws DeliveryConfigError (code + hint) for bad options.
 * @example
 * const mock = await startMockServer({ db: 'mock.sqlite', plugins: [createDeliveryPlugin({ forwardTo: 'http://127.0.0.1:3000/webhooks', chaos: 'off' })] });
 */
export function createDeliveryPlugin(options: DeliveryPluginOptions | Record<string, unknown> = {}): DeliveryPlugin {
  const resolved = resolveDeliveryOptions(options);
  const handle = createDeliveryEngine(resolved);
  const engineOf = () => handle.engine;
  return {
    name: 'delivery',
    migrations: deliveryMigrations,
    routes: [...createWebhookEndpointRoutes(engineOf), ...createDeliveryRoutes(engineOf)],
    init: (ctx) => void handle.init(ctx),
    start: () => handle.start(),
    stop: () => handle.stop(),
    reset: () => handle.reset(),
    get engine() {
      return handle.engine;
    },
  };
}

export { resolveDeliveryOptions, DELIVERY_DEFAULTS } from './options.js';
export { DeliveryConfigError } from './errors.js';
export { shouldDisable, DEFAULT_DISABLE_RULE } from './disable-rule.js';
// When attempts happen is shared with receivers and the docs: credkit/webhooks has it (webhooks/retry-schedule.ts).
export { createHttpSender, RESPONSE_EXCERPT_BYTES } from './http-sender.js';
export { runHandshake } from './handshake.js';
export { reportFormatters } from './console-reporter.js';
export { deliveryMigrations } from './migrations.js';
export { triggerRecipes, runTrigger } from './trigger.js';
export { createDeliveryApi } from './api-client.js';

export type { DeliveryPluginOptions, ResolvedDeliveryOptions, ChaosMode } from './options.js';
export type { DeliveryEngine, DeliveryStats, EndpointInput, EndpointPatch } from './engine.js';
export type { DisableRule } from './disable-rule.js';
export type { HttpSender, HttpOutcome, HttpExchange } from './http-sender.js';
export type { HandshakeResult } from './handshake.js';
export type { DeliveryReport, ReportFormat } from './console-reporter.js';
export type { DeliveryConfigErrorCode } from './errors.js';
export type { TriggerRecipe, TriggerOptions, TriggerResult } from './trigger.js';
