// Step: the contract's id patterns → generated/ids.ts. Every object schema states its kind
// (`object: {const: credential}`) and its id's shape (`id: {pattern: '^crd_[A-Za-z0-9]{8,40}$'}`);
// the mock's id factory and the conformance suite's event factory read the prefixes from here, so
// a new object kind or a renamed prefix is a contract change only.
import { banner, tsLiteral } from './util.mjs';

const PREFIX = /^\^([a-z]+_)\[A-Za-z0-9\]\{(\d+),(\d+)\}\$$/;

/** Object kind → id prefix, with the id length range, read from the schemas (and EventId for events). */
export function readIdPrefixes(openapi) {
  const found = {};
  const add = (kind, pattern, where) => {
    const m = PREFIX.exec(pattern ?? '');
    if (!m) throw new Error(`${where}: id pattern ${JSON.stringify(pattern)} is not ^<prefix>_[A-Za-z0-9]{min,max}$`);
    const entry = { prefix: m[1], minLength: Number(m[2]), maxLength: Number(m[3]) };
    const seen = found[kind];
    if (seen && (seen.prefix !== entry.prefix || seen.minLength !== entry.minLength || seen.maxLength !== entry.maxLength)) {
      throw new Error(`${where}: ${kind} ids are ${pattern}, elsewhere ^${seen.prefix}[A-Za-z0-9]{${seen.minLength},${seen.maxLength}}$: the contract disagrees with itself`);
    }
    found[kind] = entry;
  };
  for (const [name, schema] of Object.entries(openapi.components.schemas)) {
    const kind = schema.properties?.object?.const;
    const pattern = schema.properties?.id?.pattern;
    if (typeof kind === 'string' && pattern !== undefined) add(kind, pattern, `components.schemas.${name}`);
  }
  add('event', openapi.components.schemas.EventId?.pattern, 'components.schemas.EventId');
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

export default async function idsStep(ctx) {
  const ids = readIdPrefixes(ctx.openapi);
  const body = `${banner('the id patterns of spec/ (object schemas and EventId)')}
/** Object kind (the \`object\` field) → the prefix and length range of its ids, as the contract's patterns say. */
export const contractIds = ${tsLiteral(ids)} as const;

/** An object kind that has ids. */
export type ContractIdKind = keyof typeof contractIds;

/** Object kind → id prefix, e.g. \`credential\` → \`crd_\`. */
export const contractIdPrefixes: { readonly [K in ContractIdKind]: (typeof contractIds)[K]['prefix'] } = ${tsLiteral(Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.prefix])))};
`;
  return [{ path: 'generated/ids.ts', content: body }];
}
