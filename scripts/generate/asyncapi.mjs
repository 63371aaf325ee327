// Step: the contract's webhooks → generated/asyncapi.yaml, an AsyncAPI 3.0 view of them: one
// channel, one `send` operation and one message per event type, with HTTP bindings and the native
// profile's headers. Payloads $ref the contract's own schemas in openapi.json (one source of truth).
import { stringify } from 'yaml';
import { banner } from './util.mjs';

const camel = (type) => type.replace(/[._]([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (type) => camel(type).replace(/^./, (c) => c.toUpperCase());

/** The native (standard) profile's delivery headers as a JSON schema, from the profile data. */
function headersSchema(profile, openapi) {
  const param = (name) => openapi.components.parameters[name];
  return {
    type: 'object',
    required: [profile.headers.id, profile.headers.timestamp, profile.headers.signature],
    properties: {
      [profile.headers.id]: { type: 'string', description: param('WebhookId').description },
      [profile.headers.timestamp]: { type: 'string', pattern: '^[0-9]+$', description: param('WebhookTimestamp').description },
      [profile.headers.signature]: { type: 'string', description: param('WebhookSignature').description },
      'content-type': { type: 'string', const: 'application/json' },
    },
  };
}

export default async function asyncapiStep(ctx) {
  const { openapi, catalog } = ctx;
  const { profiles } = ctx;
  const standard = profiles.find((p) => p.name === 'standard');
  const channels = {};
  const operations = {};
  const messages = {};
  for (const e of catalog) {
    const id = camel(e.type);
    messages[id] = {
      name: e.type,
      title: e.summary,
      summary: e.summary,
      description: e.description,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/NativeDeliveryHeaders' },
      payload: { $ref: `./openapi.json#/components/schemas/${e.schemaName}` },
      bindings: { http: { headers: { $ref: '#/components/schemas/NativeDeliveryHeaders' }, bindingVersion: '0.3.0' } },
      examples: [
        {
          name: e.type.replace(/\./g, '_'),
          summary: openapi.components.examples[e.type]?.summary ?? e.summary,
          headers: {
            [standard.headers.id]: e.example.id,
            [standard.headers.timestamp]: String(Math.floor(Date.parse(e.example.createdAt) / 1000)),
            [standard.headers.signature]: 'v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">',
            'content-type': 'application/json',
          },
          payload: e.example,
        },
      ],
    };
    // No `address`: deliveries go to whatever URL the endpoint registered (AsyncAPI 3 reads an
    // absent address as unknown/dynamic, which is exactly what a webhook channel is).
    channels[id] = {
      title: e.type,
      description: `Deliveries of \`${e.type}\` to the URL of a webhook endpoint subscribed to it.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`send${pascal(e.type)}`] = {
      action: 'send',
      title: `Send ${e.type}`,
      summary: e.summary,
      description: `The platform POSTs \`${e.type}\` to your endpoint. ${e.description}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
      security: [{ $ref: '#/components/securitySchemes/webhookSignature' }],
    };
  }
  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: `${openapi.info.title}: webhooks`,
      version: openapi.info.version,
      description:
        'The webhooks of the Credential Events API as AsyncAPI 3.0: one channel, one `send` operation and one message per event type. ' +
        'Messages are shown with the native (standard) wire profile headers; see spec/profiles/ for the vendor profiles. ' +
        'Delivery is at least once, in no guaranteed order: deduplicate by `id`, order by `data.revision`.',
      license: { name: openapi.info.license.name, url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: {
      receiver: {
        host: 'receiver.example.com',
        protocol: 'https',
        description: 'Your webhook endpoint: the URL you register with POST /v1/webhook-endpoints.',
      },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      messages,
      schemas: { NativeDeliveryHeaders: headersSchema(standard, openapi) },
      securitySchemes: {
        webhookSignature: {
          type: 'httpApiKey',
          name: standard.headers.signature,
          in: 'header',
          description: 'Each delivery is signed: verify the signature over the raw body before trusting it (see the verifying-signatures guide).',
        },
      },
    },
  };
  return [{ path: 'generated/asyncapi.yaml', content: `${banner('the webhooks of spec/openapi.yaml', '#')}${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}` }];
}
