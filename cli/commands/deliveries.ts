// `credkit deliveries list|retry`: look at and retry the webhook deliveries of a running mock.
import { UsageError, type CommandContext, type CommandSpec } from '../command.js';
import type { DeliveryApi } from '../../mock-server/delivery/api-client.js';
import { connectToMock, type FieldError } from '../mock-api.js';

const statuses = ['pending', 'retrying', 'succeeded', 'failed'] as const;

interface DeliveryItem {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: { attempt: number; statusCode: number | null; error: string | null }[];
  nextAttemptAt: string | null;
  createdAt: string;
}

export const command: CommandSpec = {
  name: 'deliveries',
  summary: 'List and retry the webhook deliveries of a running mock',
  usage: 'credkit deliveries list [--endpoint <id>] [--status <status>] | credkit deliveries retry <delivery-id>',
  description:
    'Exit 0 when done, 1 when the mock refused (e.g. no such delivery), 2 for bad usage: a bad flag or id, nothing ' +
    'listening at --api-url, a wrong --api-key.',
  options: {
    endpoint: { type: 'string', valueName: 'id', description: 'Only the deliveries of this endpoint (default: every endpoint)' },
    status: { type: 'string', valueName: 'status', description: 'Only deliveries in this status', choices: statuses },
    'api-url': { type: 'string', valueName: 'url', description: 'The running mock', default: 'http://127.0.0.1:4010' },
    'api-key': { type: 'string', valueName: 'key', description: 'The API key of the mock', default: 'sk_test_credkit' },
    format: { type: 'string', valueName: 'text|json', description: 'Output format', choices: ['text', 'json'], default: 'text' },
  },
  positionals: [
    { name: 'action', description: 'list or retry', required: true },
    { name: 'delivery-id', description: 'the delivery to retry (retry only)' },
  ],
  examples: ['credkit deliveries list --status failed', 'credkit deliveries retry dlv_9Ok1IjU3hY5gT7fR'],
  async run({ values, positionals, stdout, env }) {
    const mock = connectToMock({ apiUrl: String(values['api-url']), apiKey: env.CREDKIT_API_KEY ?? String(values['api-key']), fieldHint: idHint });
    try {
      return await runAction(mock.api, values, positionals, stdout);
    } catch (err) {
      throw mock.explain(err);
    }
  },
};

/** The flag or argument behind a rejected path or query field. */
function idHint(errors: readonly FieldError[]): string {
  const fields = errors.map((e) => e.pointer);
  if (fields.includes('/path/endpointId')) return '--endpoint takes an endpoint id (we_…); GET /v1/webhook-endpoints lists them';
  if (fields.includes('/path/deliveryId')) return '<delivery-id> is a delivery id (dlv_…); `credkit deliveries list` shows them';
  return 'check the flags against `credkit deliveries --help`';
}

/** One action against the mock; its errors are explained by the caller. */
async function runAction(api: DeliveryApi, values: CommandContext['values'], positionals: string[], stdout: NodeJS.WritableStream): Promise<number> {
  const json = values.format === 'json';
  const [action, id] = positionals;
  switch (action) {
    case 'list': {
      const endpointIds =
        typeof values.endpoint === 'string' ? [values.endpoint] : (await api.listAll<{ id: string }>('/v1/webhook-endpoints')).map((e) => e.id);
      const items: DeliveryItem[] = [];
      for (const e of endpointIds) items.push(...(await api.listAll<DeliveryItem>(`/v1/webhook-endpoints/${e}/deliveries`, { status: values.status as string | undefined })));
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      if (json) stdout.write(`${JSON.stringify(items)}\n`);
      else if (items.length === 0) stdout.write('no deliveries\n');
      else for (const d of items) stdout.write(`${formatDelivery(d)}\n`);
      return 0;
    }
    case 'retry': {
      if (id === undefined) throw new UsageError('missing <delivery-id>', 'e.g. credkit deliveries retry dlv_…; `credkit deliveries list` shows the ids');
      const d = await api.call<DeliveryItem>('POST', `/v1/deliveries/${encodeURIComponent(id)}/retry`);
      stdout.write(json ? `${JSON.stringify(d)}\n` : `queued ${d.id} (${d.eventType} [${d.eventId}]) for an attempt now\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown action "${action}"`, 'use `credkit deliveries list` or `credkit deliveries retry <id>`');
  }
}

function formatDelivery(d: DeliveryItem): string {
  const last = d.attempts[d.attempts.length - 1];
  const lastText = last ? `last ${last.statusCode ?? last.error ?? '?'}` : 'not attempted';
  const next = d.nextAttemptAt ? `, next ${d.nextAttemptAt}` : '';
  return `${d.id}  ${d.status.padEnd(9)} ${d.eventType.padEnd(28)} [${d.eventId}] → ${d.endpointId}  ${d.attempts.length} attempt(s), ${lastText}${next}`;
}
