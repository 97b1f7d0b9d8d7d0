import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'vite/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs keeps one global engine per process, so each file runs in a fork of its own; tfjs-wasm in Node computes on
    // one thread, so one fork per core (vitest's default leaves a core idle: half of a 2-core machine).
    pool: 'forks',
    maxWorkers: availableParallelism(),
  },
});
