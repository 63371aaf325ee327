// `credkit mock`: serve the stateful mock platform on 127.0.0.1. Thin: the logic is in mock-server/.
import { profileNames } from '../../generated/profiles.js';
import { UsageError, type CommandSpec, type OptionSpec } from '../command.js';
import { bufferedOutput, type BufferedOutput } from '../buffered-output.js';
import { createMockConsole } from '../mock-console.js';
import { rejectSignatureShaped } from '../signature-shaped.js';

// ── Delivery flags (owned by the delivery engine: --forward-to, --profile, --secret, --print-secret,
// --chaos, --duplicate-rate, --reorder-window, --format). Add their specs here and build the plugin in
// `deliveryPlugins()` below; everything else in this file stays as is.
const deliveryOptions: Record<string, OptionSpec> = {
  'forward-to': { type: 'string', valueName: 'url', description: 'Deliver every event, signed, to this receiver (an endpoint kept in the db across restarts)' },
  profile: { type: 'string', valueName: 'name', description: 'Wire profile of the --forward-to endpoint', choices: profileNames, default: 'standard', requires: 'forward-to' },
  secret: { type: 'string', valueName: 'secret', description: 'Signing secret of the --forward-to endpoint (default: generated once, kept in the db); never printed', requires: 'forward-to' },
  'print-secret': { type: 'boolean', description: 'Print the --forward-to signing secret again (a generated one is printed once, at registration)', requires: 'forward-to' },
  chaos: { type: 'string', valueName: 'on|off', description: 'Realistic duplicates and reordering; off = clean, in order, single delivery', choices: ['on', 'off'], default: 'on' },
  'duplicate-rate': { type: 'string', valueName: 'share', description: 'Share of events delivered twice when chaos is on (0…1)', default: '0.03' },
  'reorder-window': { type: 'string', valueName: 'seconds', description: 'Mock seconds within which events of one object may overtake each other', default: '2' },
  format: { type: 'string', valueName: 'text|json', description: 'Delivery console lines: text, or one JSON object per line', choices: ['text', 'json'], default: 'text' },
};

function integerFlag(name: string, raw: string, min: number, max: number, hint: string): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}; got "${raw}"`, hint);
  return n;
}

export const command: CommandSpec = {
  name: 'mock',
  summary: 'Run the stateful mock platform (the API with real state, events and mock time)',
  usage: 'credkit mock [options]',
  description:
    'Serves the whole Credential Events API on 127.0.0.1 with real state in SQLite: issued credentials stay issued, ' +
    'revoking records credential.revoked, cases advance as mock time passes. Mock-only controls live under /_mock/ ' +
    '(advance the clock, reset). Stops cleanly on Ctrl-C.',
  options: {
    port: { type: 'string', short: 'p', valueName: 'port', description: 'Port to listen on (0 picks a free one)', default: '4010' },
    host: { type: 'string', valueName: 'host', description: 'Interface to listen on', default: '127.0.0.1' },
    // Browser guard (mock-server/request-guard.ts; docs/guides/threat-model.md): opened only on purpose.
    'allow-host': { type: 'string', valueName: 'names', description: 'Also answer these Host names, comma-separated, e.g. mock.internal (* for any); otherwise only localhost, 127.0.0.1, [::1] and --host (against DNS rebinding)' },
    'allow-origin': { type: 'string', valueName: 'origins', description: 'Let web pages of these origins call the mock (with CORS), comma-separated, e.g. http://localhost:3000 (* for any); otherwise other origins get 403' },
    db: { type: 'string', valueName: 'file', description: 'SQLite file that keeps the state across restarts; ":memory:" for a throwaway run', default: '.credkit/mock.sqlite' },
    seed: { type: 'string', valueName: 'n', description: 'Seed of the generated data: the same seed gives the same data', default: '1' },
    'time-scale': { type: 'string', valueName: 'x', description: 'Real delay = mock delay × x; 0.001 runs mock time a thousand times faster', default: '1' },
    'api-key': { type: 'string', valueName: 'key', description: 'The API key clients must send as "Authorization: Bearer <key>"', default: 'sk_test_credkit' },
    'rate-limit': { type: 'string', valueName: 'n', description: 'Answer 429 with Retry-After beyond n requests per second (off by default)' },
    quiet: { type: 'boolean', short: 'q', description: 'Do not print one line per request' },
    ...deliveryOptions,
  },
  examples: [
    'credkit mock',
    'credkit mock --port 0 --db :memory: --seed 7',
    'credkit mock --time-scale 0.001   # 5 mock minutes pass in 300 ms',
    'credkit mock --forward-to http://127.0.0.1:3000/webhooks --profile standard',
  ],
  async run({ values, stdout, stderr, signal }) {
    const port = integerFlag('port', String(values.port), 0, 65535, 'e.g. --port 4010, or --port 0 for a free one');
    const seed = integerFlag('seed', String(values.seed), 0, 2 ** 31 - 1, 'e.g. --seed 1');
    if (typeof values.secret === 'string') rejectSignatureShaped('secret', values.secret);
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new UsageError(`--time-scale must be a positive number; got "${String(values['time-scale'])}"`, 'e.g. --time-scale 0.001');
    const apiKey = String(values['api-key']);
    if (apiKey.trim() === '') throw new UsageError('--api-key must not be empty', 'e.g. --api-key sk_test_credkit');
    const db = String(values.db);
    const host = String(values.host);
    const quiet = values.quiet === true;
    const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
    if (rateLimit !== undefined && !(rateLimit > 0 && Number.isFinite(rateLimit))) {
      throw new UsageError(`--rate-limit must be a positive number of requests per second; got "${String(values['rate-limit'])}"`, 'e.g. --rate-limit 50');
    }

    const { startMockServer } = await import('../../mock-server/index.js');
    // Console lines are batched (buffered-output.ts): a write per request would halve the platform.
    const out = bufferedOutput(stdout);
    const logger = {
      info: (line: string) => void out.write(`${line}\n`),
      warn: (line: string) => void stderr.write(`warn: ${line}\n`),
      error: (line: string) => void stderr.write(`error: ${line}\n`),
    };
    const mockConsole = createMockConsole({ format: values.format === 'json' ? 'json' : 'text', secretGiven: typeof values.secret === 'string', out: (line) => void out.write(`${line}\n`) });
    const plugins = await deliveryPlugins({ ...values, write: mockConsole.write });
    const mock = await startupErrorsAsUsage(out, () =>
      startMockServer({
        port,
        host,
        db,
        seed,
        timeScale,
        apiKey,
        ...(rateLimit !== undefined ? { rateLimit } : {}),
        ...(typeof values['allow-host'] === 'string' ? { allowedHosts: values['allow-host'].split(',').map((name) => name.trim()) } : {}),
        ...(typeof values['allow-origin'] === 'string' ? { allowedOrigins: values['allow-origin'].split(',').map((origin) => origin.trim()) } : {}),
        logger,
        plugins,
        ...(quiet ? {} : { onRequest: ({ method, path, status, ms, requestId }) => void out.write(`api [${status}] ${method} ${path} ${ms.toFixed(1)} ms ${requestId ?? ''}\n`) }),
      }),
    );
    // The default key is public (it is in the docs); a key of your own is never printed.
    const keyNote = apiKey === 'sk_test_credkit' ? 'api key sk_test_credkit' : 'api key from --api-key';
    mockConsole.ready(`on ${mock.url} (${keyNote}, db ${db}, seed ${seed}${timeScale !== 1 ? `, time-scale ${timeScale}` : ''})`);
    out.flush(); // scripts wait for the Ready line
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    await mock.stop();
    out.write('Stopped.\n');
    out.flush();
    return 0;
  },
};

/** The store's errors that a different flag fixes: a --db in a missing folder, or one another process has. */
const USAGE_STORE_ERRORS: readonly string[] = ['db_dir_missing', 'db_locked'];

/**
 * What a flag fixes is bad input, exit 2, like a bad flag: a taken --port, an unusable --secret (found
 * when the engine registers the endpoint), a bad --allow-host/--allow-origin, a --db that cannot be used as given. A damaged or full
 * database stays exit 1: no flag fixes that.
 */
async function startupErrorsAsUsage<T>(out: BufferedOutput, start: () => Promise<T>): Promise<T> {
  const { PortInUseError, DeliveryConfigError, MockServerOptionError } = await import('../../mock-server/index.js');
  try {
    return await start();
  } catch (err) {
    out.flush(); // what was said before the failure comes before its message
    if (err instanceof PortInUseError || err instanceof DeliveryConfigError || err instanceof MockServerOptionError) throw new UsageError(err.message, err.hint);
    const e = err as { name?: unknown; code?: unknown; message: string; hint?: string };
    if (e.name === 'StoreError' && typeof e.code === 'string' && USAGE_STORE_ERRORS.includes(e.code)) throw new UsageError(e.message, e.hint);
    throw err;
  }
}

/** The delivery engine's plugin built from its flags (flag names as parsed: 'forward-to', 'duplicate-rate', …). */
async function deliveryPlugins(values: Record<string, unknown>): Promise<import('../../mock-server/index.js').MockPlugin[]> {
  const { createDeliveryPlugin, DeliveryConfigError } = await import('../../mock-server/delivery/index.js');
  try {
    return [createDeliveryPlugin(values)];
  } catch (err) {
    if (err instanceof DeliveryConfigError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}
