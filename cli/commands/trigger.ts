// `credkit trigger <event-type>`: make a running mock emit an event through the real API flow.
// Thin: the flows are data in mock-server/delivery/trigger.ts.
import { UsageError, type CommandSpec } from '../command.js';
import { connectToMock, type FieldError } from '../mock-api.js';

/** `/body/recipient/email` → `recipient.email`: the --set name of a rejected field (RFC 6901 unescaped). */
function setHint(errors: readonly FieldError[]): string {
  const fields = errors
    .filter((e) => e.pointer.startsWith('/body/'))
    .map((e) => e.pointer.slice('/body/'.length).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.'));
  if (fields.length === 0) return '`credkit trigger --list` shows what each flow sends';
  return `--set changes fields of the first request: fix or leave out --set ${fields.map((f) => `${f}=…`).join(', --set ')}`;
}

export const command: CommandSpec = {
  name: 'trigger',
  summary: 'Make a running mock emit an event through the real API flow',
  usage: 'credkit trigger <event-type> [--set field=value …] [--api-url <url>] [--api-key <key>]',
  description:
    'Runs what produces the event on the platform (issuing then revoking a credential for credential.revoked; ' +
    'opening a case and advancing mock time for case events), so the real chain of events is recorded and delivered ' +
    'to every webhook endpoint. --set overrides a field of the first request body (a leading "data." is accepted). ' +
    'Exit 0 when the event was recorded, 1 when the flow ran without it, 2 for bad usage: a bad flag, nothing listening ' +
    'at --api-url, a wrong --api-key, a field the mock rejects (each printed on its own line).',
  options: {
    list: { type: 'boolean', description: 'List the event types and what each does' },
    set: { type: 'string', multiple: true, valueName: 'field=value', description: 'Override a field of the creating request (JSON values parse: --set metadata=\'{"a":"b"}\')' },
    'api-url': { type: 'string', valueName: 'url', description: 'The running mock', default: 'http://127.0.0.1:4010' },
    'api-key': { type: 'string', valueName: 'key', description: 'The API key of the mock', default: 'sk_test_credkit' },
    format: { type: 'string', valueName: 'text|json', description: 'Output format', choices: ['text', 'json'], default: 'text' },
  },
  positionals: [{ name: 'event-type', description: 'e.g. credential.revoked (see --list)' }],
  examples: ['credkit trigger credential.revoked', 'credkit trigger credential.issued --set data.title="Kubernetes Fundamentals"', 'credkit trigger --list'],
  async run({ values, positionals, stdout, stderr, env }) {
    const { triggerRecipes, runTrigger } = await import('../../mock-server/delivery/index.js');
    const { applyOverrides } = await import('../../mock-server/delivery/trigger.js');
    const json = values.format === 'json';
    if (values.list === true) {
      const rows = Object.entries(triggerRecipes).map(([type, r]) => ({ type, summary: r.summary }));
      stdout.write(json ? `${JSON.stringify(rows)}\n` : rows.map((r) => `${r.type.padEnd(30)} ${r.summary}\n`).join(''));
      return 0;
    }
    const type = positionals[0];
    if (type === undefined) throw new UsageError('missing <event-type>', 'e.g. credkit trigger credential.issued; `credkit trigger --list` lists them');
    if (!Object.hasOwn(triggerRecipes, type)) throw new UsageError(`unknown event type "${type}"`, `one of: ${Object.keys(triggerRecipes).join(', ')}`);
    const set = (values.set as string[] | undefined) ?? [];
    try {
      applyOverrides(set); // parses every --set now: a malformed one is a usage error before any request
    } catch (err) {
      throw new UsageError((err as Error).message, (err as { hint?: string }).hint);
    }
    const mock = connectToMock({ apiUrl: String(values['api-url']), apiKey: env.CREDKIT_API_KEY ?? String(values['api-key']), fieldHint: setHint });
    let result;
    try {
      result = await runTrigger({ api: mock.api, type, set });
    } catch (err) {
      throw mock.explain(err);
    }
    if (json) stdout.write(`${JSON.stringify(result)}\n`);
    else for (const e of result.events) stdout.write(`--> ${e.type} [${e.id}]\n`);
    if (!result.found) {
      stderr.write(`credkit: the flow ran but recorded no ${type} event\nhint: the mock's random lifecycle took another path; run the command again\n`);
      return 1;
    }
    return 0;
  },
};
