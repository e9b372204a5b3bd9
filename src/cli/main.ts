#!/usr/bin/env node
/**
 * The command line: `plan` today. A thin layer: parses arguments, calls the engine and the
 * reports, writes reports to stdout and everything else to stderr, and returns an exit code.
 */
import * as path from "node:path";

import { Command, CommanderError, Option } from "commander";

import { runDocs } from "./docs";
import { DIFF_FORMATS, runDiff } from "./diff";
import { runPlan } from "./plan";
import { type Io, reportFailure } from "./io";

/** Exit codes: 0 fine, 1 invalid input or failed checks, 2 bad usage, 70 a bug of ours. */
export async function main(argv: string[], io: Io, projectDir = path.resolve(__dirname, "../..")): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("servio")
    .description("Offline plan and reports of the Servio monitoring stack")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command("plan")
    .description("plan a stack offline and print what it declares")
    .option("-s, --stack <name>", "stack (environment) to plan", "dev")
    .option("--json <file>", "also write the plan as JSON to this file")
    .option("--dashboards <dir>", "also draw each Grafana dashboard's layout as <dir>/<uid>.svg")
    .action(async (opts: { stack: string; json?: string; dashboards?: string }) => {
      code = await runPlan({ projectDir, stack: opts.stack, json: opts.json, dashboards: opts.dashboards }, io);
    });

  program
    .command("docs")
    .description("write the alert catalog, on-call page and post-mortem template of a stack")
    .option("-s, --stack <name>", "stack (environment) to document", "dev")
    .option("-o, --out <dir>", "output directory; the docs go into <dir>/<stack>/", "docs/generated")
    .action(async (opts: { stack: string; out: string }) => {
      code = await runDocs({ projectDir, stack: opts.stack, out: opts.out }, io);
    });

  program
    .command("diff")
    .description("compare the plans of every stack at a git ref and at the working tree")
    .option("-b, --base <ref>", "git ref to compare with", "main")
    .addOption(new Option("-f, --format <format>", "output format").choices(DIFF_FORMATS).default("markdown"))
    .action(async (opts: { base: string; format: (typeof DIFF_FORMATS)[number] }) => {
      code = await runDiff({ projectDir, base: opts.base, format: opts.format }, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportFailure(err, io);
  }
  return code;
}

if (require.main === module) {
  // A failure the program lets escape (a rejected output nobody awaits) is still reported as
  // one, not as a crash with the runtime's internals.
  process.on("unhandledRejection", (err) => {
    process.exitCode = reportFailure(err, { stdout: process.stdout, stderr: process.stderr });
  });
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
