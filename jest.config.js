/** Tests import the workspace packages by name; their `main` is TypeScript source, so no build step. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
};
