// Every lifecycle module's timers, registered once per platform.
import type { MockPlatformContext } from '../context.js';
import { defineBulkIssuanceTimers } from './bulk-issuances.js';
import { defineBusinessTimers } from './businesses.js';
import { defineCaseTimers } from './cases.js';
import { defineCredentialTimers } from './credentials.js';

/** Registers every scheduled transition of the simulation. */
export function defineLifecycleTimers(ctx: MockPlatformContext): void {
  defineCredentialTimers(ctx);
  defineBulkIssuanceTimers(ctx);
  defineCaseTimers(ctx);
  defineBusinessTimers(ctx);
}
