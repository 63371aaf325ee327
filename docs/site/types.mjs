// Shapes of the data the site reads (JSDoc only; the sources of truth are the TypeScript modules
// named beside each type). Kept here so the page modules can say what they expect.

/** @typedef {import('../../generated/profiles.ts').WireProfile} WireProfile */

/**
 * One entry of generated/events.ts `eventCatalog`.
 * @typedef {{ family: string; object: string; summary: string; description: string; example: Record<string, unknown>;
 *   emittedBy?: readonly string[]; transitions?: readonly string[] }} EventCatalogEntry
 */

/**
 * One entry of the conformance check registry (conformance/catalog.ts).
 * @typedef {{ id: string; title: string; why?: string; fix?: string; docsAnchor?: string; sends?: string | string[];
 *   needsProbe?: boolean; appliesTo?: (profile: WireProfile) => true | string }} CheckEntry
 */

/**
 * bench/results/<name>.json, written by `npm run bench`.
 * @typedef {{ name: string; command: string; date: string; metrics: { label: string; value: number; unit: string }[];
 *   ratios: { label: string; value: number; target: number | string; pass: boolean }[] }} BenchResult
 */

/**
 * A `credkit` sub-command's table (cli/command.ts CommandSpec).
 * @typedef {{ name: string; summary: string; usage: string; description?: string;
 *   options: Record<string, { type: string; description: string; short?: string; valueName?: string; default?: unknown; choices?: readonly string[] }>;
 *   examples?: readonly string[] }} CommandSpec
 */

/** @typedef {Record<string, any>} OpenApiDocument */

export {};
