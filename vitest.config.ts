import { defineConfig } from 'vitest/config';

// Vitest 4 transforms TypeScript with Oxc. type-graphql and MikroORM rely on legacy decorators;
// we turn them on here exactly as tsconfig.json does for the build (tsc), and every decorator in
// the code also names its type explicitly, so built and tested code behave the same.
export default defineConfig({
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: true },
  },
  test: {
    include: ['gateway/**/*.test.ts', 'subgraphs/**/*.test.ts', 'seeds/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
