import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs the pure unit tests once (the console's own among them, beside its code), and every
 * database-backed test twice: on SQLite and on PostgreSQL (a local server on 127.0.0.1:5432, or one
 * the setup starts). The browser tests drive Debian's Chromium against a real server, and the
 * deployment tests run the deploy/ files through the tools that read them (see .ci/run).
 */
const databaseTests = [
  'test/api/**/*.test.ts',
  'test/db/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/browser/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'web/src/**/*.test.ts'] } },
      // The deployment files, checked with the tools that read them (systemd-analyze, nginx, caddy).
      { extends: true, test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'sqlite', include: databaseTests, env: { RDCONSOLE_TEST_DB: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: databaseTests,
          env: { RDCONSOLE_TEST_DB: 'postgres' },
          globalSetup: ['test/setup/postgres.ts'],
        },
      },
    ],
  },
});
