// `credkit trigger <event-type>`: make a running mock emit an event through the real API flow.
// Thin: the flows are data in mock-server/delivery/trigger.ts.
import { UsageError, type CommandSpec } from '../command.js';

export const command: CommandSpec = {
  name: 'trigger',
  summary: 'Make a running mock emit an event through the real API flow',
  usage: 'credkit trigger <event-type> [--set field=value …] [--api-url <url>] [--api-key <key>]',
  description:
    'Runs what produces the event on the platform (issuing then revoking a credential for credential.revoked; ' +
    'opening a case and advancing mock time for case events), so the real chain of events is recorded and delivered ' +
    'to every webhook endpoint. --set overrides a field of the first request body (a leading "data." is accepted).',
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
    const { triggerRecipes, runTrigger, createDeliveryApi } = await import('../../mock-server/delivery/index.js');
    const json = values.format === 'json';
    if (values.list === true) {
      const rows = Object.entries(triggerRecipes).map(([type, r]) => ({ type, summary: r.summary }));
      stdout.write(json ? `${JSON.stringify(rows)}\n` : rows.map((r) => `${r.type.padEnd(30)} ${r.summary}\n`).join(''));
      return 0;
    }
    const type = positionals[0];
    if (type === undefined) throw new UsageError('missing <event-type>', 'e.g. credkit trigger credential.issued; `credkit trigger --list` lists them');
    if (!Object.hasOwn(triggerRecipes, type)) throw new UsageError(`unknown event type "${type}"`, `one of: ${Object.keys(triggerRecipes).join(', ')}`);
    const api = createDeliveryApi({ apiUrl: String(values['api-url']), apiKey: env.CREDKIT_API_KEY ?? String(values['api-key']) });
    const result = await runTrigger({ api, type, set: (values.set as string[] | undefined) ?? [] });
    if (json) stdout.write(`${JSON.stringify(result)}\n`);
    else for (const e of result.events) stdout.write(`--> ${e.type} [${e.id}]\n`);
    if (!result.found) {
      stderr.write(`credkit: the flow ran but recorded no ${type} event\nhint: the mock's random lifecycle took another path; run the command again\n`);
      return 1;
    }
    return 0;
  },
};
