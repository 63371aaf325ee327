// Everything the site shows comes from here: the code's own data, imported through the build
// output (dist/) or read from the contract files. Nothing is copied into the docs. A source that
// does not exist yet is returned as `missing` with the reason, and the page says so plainly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @template T
 * @typedef {{ ok: true; value: T } | { ok: false; what: string; reason: string; hint: string }} Source
 */

/**
 * @template T
 * @param {T} value
 * @returns {Source<T>}
 */
const found = (value) => ({ ok: true, value });

/**
 * @param {string} what
 * @param {string} reason
 * @param {string} hint
 * @returns {{ ok: false; what: string; reason: string; hint: string }}
 */
const missing = (what, reason, hint) => ({ ok: false, what, reason, hint });

/**
 * Imports a compiled module from dist/, or reports why it cannot.
 * @param {string} root
 * @param {string} distPath e.g. 'dist/generated/events.js'
 * @param {string} sourcePath e.g. 'generated/events.ts' (named in the message)
 * @returns {Promise<Source<Record<string, unknown>>>}
 */
async function importBuilt(root, distPath, sourcePath) {
  const file = join(root, distPath);
  if (!existsSync(file)) {
    return existsSync(join(root, sourcePath))
      ? missing(sourcePath, `${distPath} is not built`, 'run `npm run build`, then `npm run docs:build`')
      : missing(sourcePath, `${sourcePath} does not exist yet`, 'it is produced by its owner; rebuild the docs once it lands');
  }
  try {
    return found(/** @type {Record<string, unknown>} */ (await import(pathToFileURL(file).href)));
  } catch (err) {
    return missing(sourcePath, `${distPath} failed to load: ${/** @type {Error} */ (err).message}`, 'run `npm run build` and fix the compile error');
  }
}

/**
 * @param {string} file
 * @returns {unknown}
 */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Finds the check registry among a module's exports: an array of entries, or a record of them,
 * each with an `id` and a `title`. The conformance folder owns the name; the docs only need the shape.
 * @param {Record<string, unknown>} mod
 * @returns {import('./types.mjs').CheckEntry[] | null}
 */
function findCheckRegistry(mod) {
  const preferred = ['checkCatalog', 'checks', 'catalog', 'checkRegistry'];
  const candidates = [...preferred.map((n) => mod[n]), ...Object.values(mod)];
  for (const c of candidates) {
    const list = Array.isArray(c) ? c : c && typeof c === 'object' ? Object.values(c) : null;
    if (list && list.length > 0 && list.every((e) => e && typeof e === 'object' && typeof e.id === 'string' && typeof e.title === 'string')) {
      return list;
    }
  }
  return null;
}

/**
 * Loads every data source of the site.
 * @example const sources = await loadSources({ root: '/work/main' })
 * @param {{ root: string }} options
 */
export async function loadSources({ root }) {
  const pkg = /** @type {{ name: string; description: string; version: string }} */ (readJson(join(root, 'package.json')));

  const profilesModule = await importBuilt(root, 'dist/generated/profiles.js', 'generated/profiles.ts');
  if (!profilesModule.ok) throw new Error(`the wire profiles are required: ${profilesModule.reason} (hint: ${profilesModule.hint})`);
  const profiles = /** @type {Record<string, import('./types.mjs').WireProfile>} */ (profilesModule.value.profiles);
  const profileNames = /** @type {string[]} */ (profilesModule.value.profileNames);

  const eventsModule = await importBuilt(root, 'dist/generated/events.js', 'generated/events.ts');
  /** @type {Source<{ eventTypes: readonly string[]; eventCatalog: Record<string, import('./types.mjs').EventCatalogEntry> }>} */
  const events = eventsModule.ok
    ? found({
        eventTypes: /** @type {string[]} */ (eventsModule.value.eventTypes),
        eventCatalog: /** @type {Record<string, import('./types.mjs').EventCatalogEntry>} */ (eventsModule.value.eventCatalog),
      })
    : eventsModule;

  const openapiFile = join(root, 'generated/openapi.json');
  /** @type {Source<import('./types.mjs').OpenApiDocument>} */
  const openapi = existsSync(openapiFile)
    ? found(/** @type {import('./types.mjs').OpenApiDocument} */ (readJson(openapiFile)))
    : missing('generated/openapi.json', 'generated/openapi.json does not exist yet', 'run `npm run generate` once spec/openapi.yaml exists');

  const checksModule = await importBuilt(root, 'dist/conformance/catalog.js', 'conformance/catalog.ts');
  /** @type {Source<import('./types.mjs').CheckEntry[]>} */
  let checks;
  if (checksModule.ok) {
    const registry = findCheckRegistry(checksModule.value);
    checks = registry
      ? found(registry)
      : missing('conformance/catalog.ts', 'conformance/catalog.ts exports no list of checks with an id and a title', 'export the check registry from conformance/catalog.ts');
  } else checks = checksModule;

  const changelogFile = join(root, 'spec/CHANGELOG.md');
  /** @type {Source<string>} */
  const changelog = existsSync(changelogFile)
    ? found(readFileSync(changelogFile, 'utf8'))
    : missing('spec/CHANGELOG.md', 'spec/CHANGELOG.md does not exist yet', 'the contract owner writes it with the first release');

  const benchDir = join(root, 'bench');
  const benchNames = existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, '')) : [];
  const resultsDir = join(benchDir, 'results');
  const resultNames = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')) : [];
  /** @type {{ name: string; result: import('./types.mjs').BenchResult | null; error?: string }[]} */
  const benchmarks = [...new Set([...benchNames, ...resultNames])].sort().map((name) => {
    const file = join(resultsDir, `${name}.json`);
    if (!existsSync(file)) return { name, result: null };
    try {
      return { name, result: /** @type {import('./types.mjs').BenchResult} */ (readJson(file)) };
    } catch (err) {
      return { name, result: null, error: `bench/results/${name}.json is not valid JSON: ${/** @type {Error} */ (err).message}` };
    }
  });

  const guidesDir = join(root, 'docs/guides');
  /** @type {Map<string, string>} */
  const guides = new Map(
    existsSync(guidesDir)
      ? readdirSync(guidesDir)
          .filter((f) => f.endsWith('.md'))
          .map((f) => [f.replace(/\.md$/, ''), readFileSync(join(guidesDir, f), 'utf8')])
      : [],
  );

  const commandsDir = join(root, 'dist/cli/commands');
  /** @type {import('./types.mjs').CommandSpec[]} */
  const commands = [];
  if (existsSync(commandsDir)) {
    for (const f of readdirSync(commandsDir).filter((f) => f.endsWith('.js')).sort()) {
      try {
        const mod = await import(pathToFileURL(join(commandsDir, f)).href);
        if (mod.command && typeof mod.command.name === 'string') commands.push(mod.command);
      } catch {
        // A command that fails to load is shown as missing on the CLI page rather than breaking the site.
      }
    }
  }
  /** @type {((spec: import('./types.mjs').CommandSpec) => string) | null} */
  let formatCommandHelp = null;
  const commandModule = await importBuilt(root, 'dist/cli/command.js', 'cli/command.ts');
  if (commandModule.ok && typeof commandModule.value.formatCommandHelp === 'function') {
    formatCommandHelp = /** @type {(spec: import('./types.mjs').CommandSpec) => string} */ (commandModule.value.formatCommandHelp);
  }

  // The breaking-change rules of the webhook gate are data in scripts/lib (plain ESM, no build step).
  const rulesFile = join(root, 'scripts/lib/webhook-diff.mjs');
  /** @type {Source<Record<string, { severity: string; why: string }>>} */
  let webhookRules = missing('scripts/lib/webhook-diff.mjs', 'scripts/lib/webhook-diff.mjs does not exist', 'the contract owner maintains it');
  if (existsSync(rulesFile)) {
    try {
      const mod = await import(pathToFileURL(rulesFile).href);
      if (mod.WEBHOOK_RULES && typeof mod.WEBHOOK_RULES === 'object') webhookRules = found(mod.WEBHOOK_RULES);
    } catch (err) {
      webhookRules = missing('scripts/lib/webhook-diff.mjs', `scripts/lib/webhook-diff.mjs failed to load: ${/** @type {Error} */ (err).message}`, 'fix the module');
    }
  }

  const errorsModule = await importBuilt(root, 'dist/webhooks/errors.js', 'webhooks/errors.ts');
  /** @type {Source<Record<string, { reason: string; hint: string; configuration: boolean }>>} */
  const webhookErrorCodes =
    errorsModule.ok && errorsModule.value.webhookErrorCodes && typeof errorsModule.value.webhookErrorCodes === 'object'
      ? found(/** @type {Record<string, { reason: string; hint: string; configuration: boolean }>} */ (errorsModule.value.webhookErrorCodes))
      : errorsModule.ok
        ? missing('webhooks/errors.ts', 'webhooks/errors.ts exports no webhookErrorCodes', 'export the error code catalog')
        : errorsModule;

  // The handshake's rules in words come from the same module that judges answers (engine and suite).
  const handshakeModule = await importBuilt(root, 'dist/webhooks/handshake.js', 'webhooks/handshake.ts');
  if (!handshakeModule.ok) throw new Error(`the handshake rules are required: ${handshakeModule.reason} (hint: ${handshakeModule.hint})`);
  const handshakeRequirement = /** @type {(h: NonNullable<import('./types.mjs').WireProfile['handshake']>) => string} */ (handshakeModule.value.handshakeRequirement);

  return { root, pkg, profiles, profileNames, events, openapi, checks, changelog, benchmarks, guides, commands, formatCommandHelp, webhookRules, webhookErrorCodes, handshakeRequirement };
}

/** @typedef {Awaited<ReturnType<typeof loadSources>>} Sources */
