/** Tests run through swc (no type checking: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  moduleFileExtensions: ["ts", "js", "json"],
  // A file's first plan loads the Pulumi SDK and every provider SDK: above the 5 s default on a
  // busy 2-core machine. Jest's soft clean-up of globals trips over the runtime's global state.
  testTimeout: 20000,
  testEnvironmentOptions: { globalsCleanup: "off" },
};
