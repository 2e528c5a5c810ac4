/**
 * Tests import the workspace packages by name; the `source` export condition of each package
 * resolves them to their TypeScript sources, so no build step.
 * @hpcc-js/wasm-graphviz ships only ES modules: jest (CommonJS) transforms it with ts-jest too.
 * The tensor tests run twice: with the fast kernels (the default) and with the reference
 * TypeScript kernels (`CHALKGRAD_KERNELS=js`), so both sets pass the same suite.
 */
const common = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@hpcc-js))'],
};

module.exports = {
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'all', roots: ['<rootDir>/tests'], testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'tensor, CHALKGRAD_KERNELS=js',
      roots: ['<rootDir>/tests/tensor'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/kernels\\.test\\.ts$'],
      setupFiles: ['<rootDir>/tests/tensor/reference-kernels.js'],
    },
  ],
};
