/**
 * `npm run diff` on a branch: a git repository holding a copy of the project, the base
 * committed, the change in the working tree. The base is planned by its own CLI.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { cli, PROJECT_DIR, projectCopy } from "./helpers";

// The base is planned by child processes (tsx compiling the base's code): seconds, not millis.
jest.setTimeout(120_000);

const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");

function git(dir: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** A repository whose first commit predates the plan CLI, and whose `main` is the project. */
function repository(): string {
  const dir = projectCopy({ ".gitignore": "node_modules\n" });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".gitignore", "teams.yaml");
  git(dir, "commit", "-q", "-m", "before the plan CLI");
  git(dir, "tag", "ancient");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "the project");
  return dir;
}

describe("npm run diff", () => {
  let dir: string;
  beforeAll(() => {
    dir = repository();
  });

  it("names exactly the threshold a branch changes in a catalog file", async () => {
    fs.writeFileSync(path.join(dir, "catalog/orders.yaml"), orders.replace("threshold: 1\n", "threshold: 0.5\n"));
    const r = await cli(["diff", "--base", "main"], dir);
    fs.writeFileSync(path.join(dir, "catalog/orders.yaml"), orders);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      "<!-- servio-monitoring:diff -->",
      "## Monitoring changes against `main`",
      "",
      "### Stack `dev`",
      "",
      "#### Alerts changed (1)",
      "- `servio/dev/orders/alb-target-5xx-rate` (orders)",
      "  - threshold: > 1 % -> > 0.5 %",
      "",
      "### Stack `prod`",
      "",
      "#### Alerts changed (1)",
      "- `servio/prod/orders/alb-target-5xx-rate` (orders)",
      "  - threshold: > 1 % -> > 0.5 %",
      "",
    ].join("\n"));
    expect(r.stderr).toContain("planning dev, prod at main and at the working tree...\n");
  });

  it("says so when the base has no plan CLI", async () => {
    const r = await cli(["diff", "--base", "ancient"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: the base ancient has no plan CLI (src/cli/main.ts): it predates the offline plan, so it cannot be compared\n");
  });

  it("names an unknown ref", async () => {
    const r = await cli(["diff", "--base", "no-such-branch"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: unknown git ref "no-such-branch": it names no commit in');
  });

  it("refuses an unknown format", async () => {
    const r = await cli(["diff", "--format", "html"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: option '-f, --format <format>' argument 'html' is invalid. Allowed choices are markdown, json.");
  });
});
