// @ts-check
/**
 * The folders of dist/ that @credkit/sdk ships (scripts/build-sdk.mjs copies them; the boundary test
 * in test/package/sdk-boundary.test.ts proves they import nothing outside themselves). One list, so a
 * folder added to the package is a folder the test checks.
 */
export const SDK_FOLDERS = /** @type {const} */ (['webhooks', 'client', 'generated']);
