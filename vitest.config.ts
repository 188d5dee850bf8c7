import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['analyzers/**/*.test.ts', 'cli/**/*.test.ts', 'presentation/**/*.test.ts', 'samples/**/*.test.ts', 'app/**/*.test.ts', 'test/**/*.test.ts', 'docs/**/*.test.ts'],
    reporters: ['default', new SummaryReporter()],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
