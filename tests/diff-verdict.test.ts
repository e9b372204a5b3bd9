/** `diff` refuses a working tree that `plan` refuses, as its base is planned by the base's own `plan`. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { cli, projectCopy } from "./helpers";

jest.setTimeout(120_000);

function git(dir: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.toString()}`);
}

it("diff fails, with plan's message, on a head plan that violates a mandatory policy", async () => {
  const dir = projectCopy({ ".gitignore": "node_modules\n" });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "the project");
  const orders = path.join(dir, "catalog", "orders.yaml");
  fs.writeFileSync(orders, fs.readFileSync(orders, "utf8").replace(/^runbook:.*\n/m, ""));

  const r = await cli(["diff", "--base", "main"], dir);
  const plan = await cli(["plan", "--stack", "prod"], dir);

  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  const verdict = "1 mandatory policy violation: the team's alerting rules refuse this plan (see docs/review.md). Nothing was written.\n";
  expect(plan.stderr.endsWith(verdict)).toBe(true);
  expect(r.stderr.endsWith(verdict)).toBe(true);
  expect(r.stderr).toContain('mandatory: [alert-has-runbook] servio/prod/orders/alb-healthy-hosts and 31 more alerts of "orders" have no runbook');
});
