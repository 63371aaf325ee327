import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // test/package/consumer/ holds the files of a fresh consumer project; install.test.ts runs them there.
    exclude: ['node_modules/**', 'dist/**', 'docs/dist/**', 'packages/*/dist/**', 'test/package/consumer/**'],
    // Source errors are `npm run typecheck`'s job (run by .ci/run); here only the type tests count.
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: './tsconfig.json', ignoreSourceErrors: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers than that only adds contention to the loopback servers under test.
    maxWorkers: 2,
  },
});
