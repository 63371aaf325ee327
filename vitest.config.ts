import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'docs/dist/**'],
    // Source errors are `npm run typecheck`'s job (run by .ci/run); here only the type tests count.
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: './tsconfig.json', ignoreSourceErrors: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers than that only adds contention to the loopback servers under test.
    maxWorkers: 2,
  },
});
