// `credkit contract`: what the contract holds, at a glance: operations, event types, wire profiles.
import { eventCatalog, eventTypes } from '../../generated/events.js';
import { profileNames, profiles } from '../../generated/profiles.js';
import { loadOpenApiDocument } from '../../mock-server/openapi-document.js';
import type { CommandSpec } from '../command.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The contract summary as data, so `--format json` and the text view show the same thing. */
export function contractSummary() {
  const openapiDocument = loadOpenApiDocument() as unknown as { paths: Record<string, Record<string, { operationId: string; summary: string }>>; info: { title: string; version: string } };
  const operations: { method: string; path: string; operationId: string; summary: string }[] = [];
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (op) operations.push({ method: m.toUpperCase(), path, operationId: op.operationId, summary: op.summary });
    }
  }
  return {
    title: openapiDocument.info.title,
    version: openapiDocument.info.version,
    operations,
    events: eventTypes.map((type) => ({ type, family: eventCatalog[type].family, summary: eventCatalog[type].summary })),
    profiles: profileNames.map((name) => ({
      name,
      signatureHeader: profiles[name].headers.signature,
      retryScheduleInSeconds: profiles[name].retry.scheduleInSeconds,
      handshake: profiles[name].handshake !== null,
    })),
  };
}

export const command: CommandSpec = {
  name: 'contract',
  summary: 'Summarise the contract: operations, event types and wire profiles',
  usage: 'credkit contract [--format text|json]',
  options: {
    format: { type: 'string', description: 'Output format', choices: ['text', 'json'], default: 'text', valueName: 'format' },
  },
  examples: ['credkit contract', 'credkit contract --format json | jq .events'],
  async run({ values, stdout }) {
    const summary = contractSummary();
    if (values.format === 'json') {
      stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    const lines = [`${summary.title} ${summary.version}`, '', `Operations (${summary.operations.length}):`];
    for (const op of summary.operations) lines.push(`  ${op.method.padEnd(6)} ${op.path.padEnd(52)} ${op.summary}`);
    lines.push('', `Event types (${summary.events.length}):`);
    for (const e of summary.events) lines.push(`  ${e.type.padEnd(30)} ${e.summary}`);
    lines.push('', `Wire profiles (${summary.profiles.length}):`);
    for (const p of summary.profiles) {
      lines.push(`  ${p.name.padEnd(14)} ${p.signatureHeader.padEnd(26)} retries after ${p.retryScheduleInSeconds.join(', ')} s${p.handshake ? '; handshake' : ''}`);
    }
    stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
