import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Most test files spend their time waiting on the dmcts runs, IUT processes and sockets they
    // start (over 30 minutes of test time in all): two files at once even on a 2-core machine, where
    // vitest's default (cores - 1) would run them one after another.
    maxWorkers: 2,
  },
});
