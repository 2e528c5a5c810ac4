/**
 * Tests import the workspace packages by name; the `source` export condition of each package
 * resolves them to their TypeScript sources, so no build step.
 * @hpcc-js/wasm-graphviz ships only ES modules: jest (CommonJS) transforms it with ts-jest too.
 */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@hpcc-js))'],
};
