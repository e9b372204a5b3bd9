/**
 * The GitHub Actions workflows, checked without GitHub: each file parses, has the shape of the
 * parts of the workflow syntax we use, refers only to jobs that exist and npm scripts that
 * exist, and the review workflow finds the comment the diff writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { parse } from "yaml";
import { z } from "zod";

import { COMMENT_MARKER } from "../src/report/diff-markdown";
import { PROJECT_DIR } from "./helpers";

const WORKFLOWS = path.join(PROJECT_DIR, ".github/workflows");
const expression = z.string().regex(/^\$\{\{.*\}\}$/s, "must be a ${{ }} expression");
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const step = z.strictObject({
  name: z.string().optional(),
  id: z.string().regex(/^[A-Za-z_][\w-]*$/).optional(),
  if: z.string().optional(),
  uses: z.string().regex(/^[\w.-]+\/[\w./-]+@[\w.-]+$/, "must be owner/repo@version").optional(),
  run: z.string().optional(),
  with: z.record(z.string(), scalar).optional(),
  env: z.record(z.string(), scalar).optional(),
}).refine((s) => (s.uses === undefined) !== (s.run === undefined), "a step has exactly one of uses and run");

const permissions = z.record(z.string(), z.enum(["read", "write", "none"]));
const job = z.strictObject({
  name: z.string().optional(),
  "runs-on": z.string(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  if: z.string().optional(),
  environment: z.union([z.string(), z.strictObject({ name: z.string(), url: z.string().optional() })]).optional(),
  permissions: permissions.optional(),
  outputs: z.record(z.string(), expression).optional(),
  strategy: z.strictObject({ "fail-fast": z.boolean().optional(), matrix: z.record(z.string(), z.array(scalar)) }).optional(),
  env: z.record(z.string(), scalar).optional(),
  steps: z.array(step).min(1),
});

const workflow = z.strictObject({
  name: z.string(),
  on: z.strictObject({
    pull_request: z.strictObject({ branches: z.array(z.string()) }).optional(),
    push: z.strictObject({ branches: z.array(z.string()) }).optional(),
  }),
  permissions: permissions.optional(),
  concurrency: z.strictObject({ group: z.string(), "cancel-in-progress": z.boolean() }).optional(),
  jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), job),
});
type Workflow = z.infer<typeof workflow>;

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: object }).scripts);

function load(file: string): Workflow {
  return workflow.parse(parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")));
}

describe("the GitHub Actions workflows", () => {
  it("are the review and the deploy workflows", () => {
    expect(files).toEqual(["deploy.yml", "review.yml"]);
  });

  it.each(files)("%s has the workflow syntax we use, needs only jobs that exist, runs only scripts that exist", (file) => {
    const w = load(file);
    for (const [name, j] of Object.entries(w.jobs)) {
      for (const need of [j.needs ?? []].flat()) expect(`${name} needs ${need}: ${need in w.jobs}`).toBe(`${name} needs ${need}: true`);
      for (const s of j.steps) {
        for (const m of s.run?.matchAll(/npm run (?:--silent )?([\w:-]+)/g) ?? []) expect(scripts).toContain(m[1]);
      }
    }
  });

  it("on a pull request: installs, tests, plans both stacks, comments the diff, previews with the policy pack", () => {
    const w = load("review.yml");
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    const runs = w.jobs.check.steps.map((s) => s.run ?? s.uses);
    expect(runs).toEqual(expect.arrayContaining([
      "npm ci", "npm test", "npm run typecheck",
      "npm run plan -- --stack dev --json dev.plan.json", "npm run plan -- --stack prod --json prod.plan.json",
      'npm run --silent diff -- --base "origin/$BASE" > diff.md', "actions/github-script@v7",
    ]));
    const comment = w.jobs.check.steps.find((s) => s.uses === "actions/github-script@v7")!;
    expect(String(comment.with?.script)).toContain(`const marker = "${COMMENT_MARKER}";`);
    expect(w.jobs.preview.if).toBe("${{ needs.check.outputs.credentials == 'true' }}");
    expect(w.jobs.preview.steps.at(-1)?.run).toMatch(/^pulumi preview --stack ".*\$\{\{ matrix\.stack \}\}" --policy-pack policy/);
  });

  it("on merge to main: pulumi up dev, then prod behind the prod environment's approval", () => {
    const w = load("deploy.yml");
    expect(w.on).toEqual({ push: { branches: ["main"] } });
    expect(w.jobs.dev.environment).toBe("dev");
    expect(w.jobs.prod.needs).toBe("dev");
    expect(w.jobs.prod.environment).toBe("prod");
    expect(w.jobs.dev.steps.at(-1)?.run).toMatch(/^pulumi up --stack ".*dev" --policy-pack policy --yes$/);
    expect(w.jobs.prod.steps.at(-1)?.run).toMatch(/^pulumi up --stack ".*prod" --policy-pack policy --yes$/);
  });

  it("the check refuses what GitHub would refuse", () => {
    const bad = { name: "x", on: { push: { branches: ["main"] } }, jobs: { a: { "runs-on": "ubuntu-latest", needs: "b", steps: [{ uses: "actions/checkout@v4", run: "ls" }] } } };
    const r = workflow.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["jobs.a.steps.0: a step has exactly one of uses and run"]);
    expect(workflow.safeParse({ ...bad, jobs: { a: { ...bad.jobs.a, "run-on": "x" } } }).success).toBe(false);
  });
});
