/** Tests run through swc (no type checking: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  moduleFileExtensions: ["ts", "js", "json"],
  // A plan of the whole catalog takes a second or two alone, several on a loaded 2-core machine;
  // the limit catches a hung run, not a slow one (speed is measured by `npm run bench`).
  testTimeout: 60_000,
  // Jest 30's soft cleanup of globals wraps the Pulumi runtime's objects once per test file in a
  // worker; past about 25 files that plan, the wrappers overflow the stack and crash the run.
  testEnvironmentOptions: { globalsCleanup: "off" },
};
