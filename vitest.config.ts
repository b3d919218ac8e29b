import { defineConfig } from 'vitest/config';

// Vitest 4 transforms TypeScript with Oxc. type-graphql and MikroORM rely on legacy decorators;
// we turn them on here exactly as tsconfig.json does for the build (tsc), and every decorator in
// the code also names its type explicitly, so built and tested code behave the same.
export default defineConfig({
  // One graphql instance: the CommonJS build that Apollo, type-graphql and graphql-shield require.
  resolve: { alias: { graphql: require.resolve('graphql/index.js') } },
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: true },
  },
  test: {
    include: ['platform/**/*.test.ts', 'gateway/**/*.test.ts', 'subgraphs/**/*.test.ts', 'seeds/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // CI reads the counts from the JSON report (.ci/run prints "tests: N passed, N failed").
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/vitest-results.json' }]] : ['default'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
