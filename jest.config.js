/**
 * Tests import the workspace packages by name; the `source` export condition of each package
 * resolves them to their TypeScript sources, so no build step.
 * @hpcc-js/wasm-graphviz and onnx-buf ship only ES modules: jest (CommonJS) transforms them with ts-jest too, and
 * ts-jest emits CommonJS, so the `import()` that loads Graphviz lazily becomes a `require` jest can
 * follow (nodenext keeps it a real import(), which jest cannot run without --experimental-vm-modules).
 * The tensor tests run twice: with the fast kernels (the default) and with the reference
 * TypeScript kernels (`CHALKGRAD_KERNELS=js`), so both sets pass the same suite.
 */
const common = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', moduleResolution: 'bundler' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@hpcc-js|onnx-buf))'],
};

module.exports = {
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  globalSetup: '<rootDir>/tests/global-setup.ts',
  projects: [
    { ...common, displayName: 'all', roots: ['<rootDir>/tests'], testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'tensor, CHALKGRAD_KERNELS=js',
      roots: ['<rootDir>/tests/tensor'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/kernels(\\.browser)?\\.test\\.ts$'],
      setupFiles: ['<rootDir>/tests/tensor/reference-kernels.js'],
    },
  ],
};
