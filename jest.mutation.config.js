/**
 * The unit tests of the data-protection modules, for mutation testing (`npm run test:mutation`):
 * no global setup (nothing here needs MariaDB; the audit tests run on SQLite only) and none of
 * the end-to-end suites under test/, which start servers. policy/partner-roles.test.ts is left
 * out: it loads the policy while its file is read, which makes every mutant of policy.ts one
 * that runs all tests (and a broken load an error rather than a killed mutant); the policy's
 * own tests cover that code.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: [
    '<rootDir>/policy/**/*.test.ts',
    '<rootDir>/gateway/protection/**/*.test.ts',
    '<rootDir>/gateway/identity/**/*.test.ts',
    '<rootDir>/gateway/audit/**/*.test.ts',
    '<rootDir>/gateway/plugins/admission.plugin.test.ts',
    '<rootDir>/subgraph-kit/auth-checker*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/.stryker-tmp/', '<rootDir>/policy/partner-roles.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.stryker-tmp/', '<rootDir>/reports/'],
  setupFiles: ['<rootDir>/test/support/test-env.ts'],
  testTimeout: 30_000,
};
