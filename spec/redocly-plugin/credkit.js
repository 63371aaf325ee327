// credkit's own lint rules for the contract, loaded by spec/redocly.yaml (`plugins: [./redocly-plugin/credkit.js]`).
//
// Each rule walks the whole document from `Root` and follows $refs itself (ctx.resolve), instead of
// using per-node visitors: a rule needs context a single node does not carry (the status code a
// response hangs under, whether an operation is a webhook, the webhook's name), and a visitor on a
// $ref'd component would see it once, without that context.
//
// Example (spec/redocly.yaml):
//   plugins: [./redocly-plugin/credkit.js]
//   rules: { credkit/problem-json-errors: error }

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROBLEM_JSON = 'application/problem+json';
const MAX_REF_HOPS = 32;

/** Follows a chain of $refs; returns the target and where it lives (for precise report locations). */
function deref(node, location, ctx) {
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops++) {
    if (hops > MAX_REF_HOPS) return { node: undefined, location };
    const resolved = ctx.resolve(node, location.source.absoluteRef);
    if (!resolved || resolved.node === undefined) return { node: undefined, location };
    node = resolved.node;
    location = resolved.location;
  }
  return { node, location };
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every operation of the document, path operations and webhooks alike, each already dereferenced.
 * @returns {Array<{ kind: 'operation' | 'webhook', name: string, method: string, operation: any, location: any }>}
 */
function operationsOf(root, rootLocation, ctx) {
  const found = [];
  for (const [kind, section] of [['operation', 'paths'], ['webhook', 'webhooks']]) {
    const items = root[section];
    if (!isObject(items)) continue;
    for (const [name, rawItem] of Object.entries(items)) {
      const item = deref(rawItem, rootLocation.child([section, name]), ctx);
      if (!isObject(item.node)) continue;
      for (const method of HTTP_METHODS) {
        const op = deref(item.node[method], item.location.child([method]), ctx);
        if (isObject(op.node)) found.push({ kind, name, method, operation: op.node, location: op.location });
      }
    }
  }
  return found;
}

function label({ kind, name, method }) {
  return kind === 'webhook' ? `webhook \`${name}\`` : `\`${method.toUpperCase()} ${name}\``;
}

function hasExample(mediaType, schema) {
  if (mediaType.example !== undefined) return true;
  if (isObject(mediaType.examples) && Object.keys(mediaType.examples).length > 0) return true;
  if (isObject(schema) && Array.isArray(schema.examples) && schema.examples.length > 0) return true;
  return false;
}

/** Every 4xx/5xx response is RFC 9457 problem+json, so clients can parse every error the same way. */
function ProblemJsonErrors() {
  return {
    Root: {
      enter(root, ctx) {
        for (const op of operationsOf(root, ctx.location, ctx)) {
          if (op.kind !== 'operation' || !isObject(op.operation.responses)) continue;
          const responsesLocation = op.location.child(['responses']);
          for (const [status, rawResponse] of Object.entries(op.operation.responses)) {
            if (!/^[45]([0-9]{2}|XX)$/i.test(status)) continue;
            const response = deref(rawResponse, responsesLocation.child([status]), ctx);
            if (!isObject(response.node)) continue;
            const content = isObject(response.node.content) ? response.node.content : {};
            const mediaTypes = Object.keys(content);
            const others = mediaTypes.filter((m) => m !== PROBLEM_JSON);
            if (!mediaTypes.includes(PROBLEM_JSON)) {
              const found = others.length > 0 ? `with ${others.map((m) => `\`${m}\``).join(', ')}` : 'without content';
              ctx.report({
                message: `${label(op)} answers ${status} ${found}: every 4xx/5xx response must be \`${PROBLEM_JSON}\` (RFC 9457).`,
                location: others.length > 0 ? response.location.child(['content']).key() : response.location.key(),
              });
              continue;
            }
            for (const other of others) {
              ctx.report({
                message: `${label(op)} answers ${status} with \`${other}\` besides \`${PROBLEM_JSON}\`: error responses use problem+json only.`,
                location: response.location.child(['content', other]).key(),
              });
            }
          }
        }
      },
    },
  };
}

/** Request bodies, 2xx response bodies and webhook payloads carry a realistic example (docs, mocks and tests use them). */
function OperationExamples() {
  return {
    Root: {
      enter(root, ctx) {
        for (const op of operationsOf(root, ctx.location, ctx)) {
          const bodies = [];
          if (op.operation.requestBody !== undefined) {
            const body = deref(op.operation.requestBody, op.location.child(['requestBody']), ctx);
            if (isObject(body.node)) bodies.push({ what: op.kind === 'webhook' ? 'payload' : 'request body', ...body });
          }
          if (op.kind === 'operation' && isObject(op.operation.responses)) {
            for (const [status, rawResponse] of Object.entries(op.operation.responses)) {
              if (!/^2([0-9]{2}|XX)$/i.test(status)) continue;
              const response = deref(rawResponse, op.location.child(['responses', status]), ctx);
              if (isObject(response.node)) bodies.push({ what: `${status} response`, ...response });
            }
          }
          if (op.kind === 'webhook' && bodies.length === 0) {
            ctx.report({ message: `${label(op)} has no payload (requestBody): it cannot carry an example.`, location: op.location.key() });
          }
          for (const body of bodies) {
            if (!isObject(body.node.content)) continue;
            for (const [mediaTypeName, rawMediaType] of Object.entries(body.node.content)) {
              const mediaType = deref(rawMediaType, body.location.child(['content', mediaTypeName]), ctx);
              if (!isObject(mediaType.node)) continue;
              const schema = deref(mediaType.node.schema, mediaType.location.child(['schema']), ctx).node;
              if (!hasExample(mediaType.node, schema)) {
                ctx.report({
                  message: `${label(op)}: the ${body.what} (\`${mediaTypeName}\`) has no example: add \`examples\` (or \`example\`).`,
                  location: mediaType.location.key(),
                });
              }
            }
          }
        }
      },
    },
  };
}

/** Looks up `properties.type` of an object schema, through allOf branches (envelopes are often composed). */
function findTypeProperty(schemaRef, ctx, depth = 0) {
  const schema = deref(schemaRef.node, schemaRef.location, ctx);
  if (!isObject(schema.node) || depth > MAX_REF_HOPS) return undefined;
  if (isObject(schema.node.properties) && schema.node.properties.type !== undefined) {
    return deref(schema.node.properties.type, schema.location.child(['properties', 'type']), ctx);
  }
  const branches = Array.isArray(schema.node.allOf) ? schema.node.allOf : [];
  for (let i = 0; i < branches.length; i++) {
    const found = findTypeProperty({ node: branches[i], location: schema.location.child(['allOf', i]) }, ctx, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Each webhook payload pins its event type with `type: { const: <webhook name> }`, so receivers and generated types can narrow on it. */
function WebhookTypeConst() {
  return {
    Root: {
      enter(root, ctx) {
        for (const op of operationsOf(root, ctx.location, ctx)) {
          if (op.kind !== 'webhook') continue;
          const body = deref(op.operation.requestBody, op.location.child(['requestBody']), ctx);
          const content = isObject(body.node) && isObject(body.node.content) ? body.node.content : {};
          if (Object.keys(content).length === 0) {
            ctx.report({ message: `${label(op)} has no payload schema, so its \`type\` cannot be a const.`, location: op.location.key() });
            continue;
          }
          for (const [mediaTypeName, rawMediaType] of Object.entries(content)) {
            const mediaType = deref(rawMediaType, body.location.child(['content', mediaTypeName]), ctx);
            if (!isObject(mediaType.node)) continue;
            const typeProperty = findTypeProperty({ node: mediaType.node.schema, location: mediaType.location.child(['schema']) }, ctx);
            if (!typeProperty || !isObject(typeProperty.node)) {
              ctx.report({
                message: `${label(op)}: the payload schema has no \`type\` property: declare \`type: { const: ${op.name} }\`.`,
                location: mediaType.location.child(['schema']).key(),
              });
            } else if (typeProperty.node.const === undefined) {
              ctx.report({
                message: `${label(op)}: payload \`type\` must be a \`const\` (found ${typeProperty.node.enum ? 'an enum' : 'no const'}): declare \`const: ${op.name}\`.`,
                location: typeProperty.location.key(),
              });
            } else if (typeProperty.node.const !== op.name) {
              ctx.report({
                message: `${label(op)}: payload \`type\` const is \`${typeProperty.node.const}\`, but the webhook is named \`${op.name}\`.`,
                location: typeProperty.location.child(['const']),
              });
            }
          }
        }
      },
    },
  };
}

/** Operations and webhooks are documented: summary, description, operationId and exactly one tag (the docs group by it). */
function OperationMetadata() {
  return {
    Root: {
      enter(root, ctx) {
        for (const op of operationsOf(root, ctx.location, ctx)) {
          const missing = [];
          for (const field of ['operationId', 'summary', 'description']) {
            if (typeof op.operation[field] !== 'string' || op.operation[field].trim() === '') missing.push(`\`${field}\``);
          }
          const tags = Array.isArray(op.operation.tags) ? op.operation.tags : [];
          if (tags.length !== 1) missing.push(`exactly one tag (found ${tags.length})`);
          if (missing.length > 0) {
            ctx.report({ message: `${label(op)} lacks ${missing.join(', ')}.`, location: op.location.key() });
          }
        }
      },
    },
  };
}

/**
 * The credkit Redocly plugin: rule ids are `credkit/<name>`.
 * @example
 *   // spec/redocly.yaml
 *   // plugins: [./redocly-plugin/credkit.js]
 *   // rules: { credkit/webhook-type-const: error }
 */
export default function credkitPlugin() {
  return {
    id: 'credkit',
    rules: {
      oas3: {
        'problem-json-errors': ProblemJsonErrors,
        'operation-examples': OperationExamples,
        'webhook-type-const': WebhookTypeConst,
        'operation-metadata': OperationMetadata,
      },
    },
  };
}
