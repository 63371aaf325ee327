// Step: generated/openapi.json → generated/openapi-document.ts, so runtime code (the mock's request
// validation, the CLI's contract summary) imports the contract instead of locating a file on disk.
import { banner } from './util.mjs';

export default async function documentStep(ctx) {
  // A JSON string parsed once is faster to load and to type-check than a 100 KB object literal.
  const body = `${banner('spec/openapi.yaml')}
/** The bundled contract (the same document as generated/openapi.json). */
export const openapiDocument: Record<string, any> = JSON.parse(${JSON.stringify(JSON.stringify(ctx.openapi))});
`;
  return [{ path: 'generated/openapi-document.ts', content: body }];
}
