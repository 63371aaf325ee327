// Step: generated/openapi.json → generated/api.ts (types only; a .ts so tsc emits its .d.ts into dist) with openapi-typescript (paths, components,
// webhooks, operations). Run through its Node API on the bundled document, so it never reads the
// strict lint config: linting is `npm run spec:lint`'s job, not the type generator's.
import openapiTS, { astToString } from 'openapi-typescript';
import { banner } from './util.mjs';

export default async function typesStep(ctx) {
  const ast = await openapiTS(structuredClone(ctx.openapi), { alphabetize: false, exportType: false });
  return [{ path: 'generated/api.ts', content: `${banner('spec/openapi.yaml (openapi-typescript 7)')}\n${astToString(ast)}` }];
}
