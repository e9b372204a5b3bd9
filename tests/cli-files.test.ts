/**
 * The files the CLI reads and writes: what it must never destroy, and how it tells a path it
 * cannot use (always a message naming the path, exit 1, never a stack trace).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { OutputError, writeFilesAtomically } from "../src/cli/output";
import { cli, projectCopy } from "./helpers";

jest.setTimeout(120_000);

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "servio-cli-files-"));
const noTrace = (stderr: string) => {
  expect(stderr).not.toContain("internal error");
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe("docs --out", () => {
  it("keeps every file it did not write in <out>/<stack>, and replaces its own", async () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, "dev", "src"), { recursive: true });
    fs.writeFileSync(path.join(out, "dev", "src", "important.txt"), "precious\n");
    fs.writeFileSync(path.join(out, "dev", "notes.md"), "mine\n");
    fs.writeFileSync(path.join(out, "dev", "alerts.md"), "stale\n");

    const r = await cli(["docs", "--out", out]);

    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, "dev", "src", "important.txt"), "utf8")).toBe("precious\n");
    expect(fs.readFileSync(path.join(out, "dev", "notes.md"), "utf8")).toBe("mine\n");
    expect(fs.readFileSync(path.join(out, "dev", "alerts.md"), "utf8")).not.toBe("stale\n");
    expect(fs.readdirSync(path.join(out, "dev")).sort()).toEqual(["alerts.md", "notes.md", "oncall.md", "postmortem.md", "src"]);
    expect(fs.readdirSync(out)).toEqual(["dev"]);
  });

  it("refuses a plain file named after the stack, and leaves it alone", async () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, "dev"), "x\n");
    const r = await cli(["docs", "--out", out]);

    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${path.join(out, "dev")} exists and is not a directory: the docs of stack dev go into a directory of that name\n` +
        "  hint: move the file away, or write the docs elsewhere with --out <dir>\nNothing was written.\n",
    );
    expect(fs.readFileSync(path.join(out, "dev"), "utf8")).toBe("x\n");
    expect(fs.readdirSync(out)).toEqual(["dev"]);
  });

  it("refuses an --out that is a file, or below one", async () => {
    const file = path.join(tmp(), "afile");
    fs.writeFileSync(file, "hi\n");

    const r = await cli(["docs", "--out", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: --out ${file} is a regular file, not a directory\nNothing was written.\n`);

    const below = await cli(["docs", "--out", path.join(file, "sub")]);
    expect(below.code).toBe(1);
    expect(below.stderr).toBe(`error: --out ${path.join(file, "sub")}: ${file} is a regular file, not a directory\nNothing was written.\n`);
    expect(fs.readFileSync(file, "utf8")).toBe("hi\n");
  });

  it("refuses, with plan's own message, a plan that plan refuses by policy", async () => {
    const dir = projectCopy();
    const orders = path.join(dir, "catalog", "orders.yaml");
    fs.writeFileSync(orders, fs.readFileSync(orders, "utf8").replace(/^runbook:.*\n/m, ""));
    const out = path.join(tmp(), "dp");

    const docs = await cli(["docs", "--stack", "prod", "--out", out], dir);
    const plan = await cli(["plan", "--stack", "prod"], dir);

    const verdict = "1 mandatory policy violation: the team's alerting rules refuse this plan (see docs/review.md). Nothing was written.\n";
    expect(docs.code).toBe(1);
    expect(plan.code).toBe(1);
    expect(docs.stderr).toContain('mandatory: [alert-has-runbook] servio/prod/orders/alb-healthy-hosts and 31 more alerts of "orders" have no runbook');
    expect(docs.stderr.endsWith(verdict)).toBe(true);
    expect(docs.stderr.replace(/^planning.*\n/, "")).toBe(plan.stderr.replace(/^planning.*\n/, ""));
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("plan --json", () => {
  const refused = async (target: string, message: string) => {
    const r = await cli(["plan", "--json", target]);
    expect(r.code).toBe(1);
    // Refused before planning: no summary, no progress.
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`error: ${message}\nNothing was written.\n`);
  };

  it("refuses a directory, and leaves no temporary file behind", async () => {
    const dir = tmp();
    await refused(dir, `--json ${dir} is a directory, not a regular file: it will not be replaced\n  hint: name a file in it, e.g. --json ${path.join(dir, "plan.json")}`);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith(`${path.basename(dir)}.tmp`))).toEqual([]);
  });

  it("refuses a missing directory, an empty name, a device, and a symlink to a directory or to nothing", async () => {
    await refused("/nonexistent/dir/plan.json", "--json /nonexistent/dir/plan.json: the directory /nonexistent/dir does not exist\n  hint: create it first (mkdir -p /nonexistent/dir)");
    await refused("", "--json needs a file name, found an empty string");
    await refused("/dev/null", "--json /dev/null is a character device, not a regular file: it will not be replaced");
    expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);

    const dir = tmp();
    fs.symlinkSync(dir, path.join(dir, "to-dir"));
    fs.symlinkSync("/nonexistent", path.join(dir, "dangling"));
    await refused(path.join(dir, "to-dir"), `--json ${path.join(dir, "to-dir")} is a symbolic link to ${dir}, which is a directory, not a regular file`);
    await refused(path.join(dir, "dangling"), `--json ${path.join(dir, "dangling")} is a symbolic link to /nonexistent, which does not exist`);
  });

  it("writes through a symlink to a regular file, keeping the link", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "real.json"), "{}\n");
    fs.symlinkSync(path.join(dir, "real.json"), path.join(dir, "link.json"));

    const r = await cli(["plan", "--json", path.join(dir, "link.json")]);

    expect(r.code).toBe(0);
    expect(fs.lstatSync(path.join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "real.json"), "utf8")).stack).toBe("dev");
    expect(fs.readdirSync(dir).sort()).toEqual(["link.json", "real.json"]);
  });
});

describe("writeFilesAtomically", () => {
  it("writes nothing and leaves no temporary file when one of the files cannot be written", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "a.md"), "before\n");
    const files = { [path.join(dir, "a.md")]: "after\n", [path.join(dir, "gone", "b.md")]: "b\n" };

    expect(() => writeFilesAtomically(files)).toThrow(OutputError);
    expect(() => writeFilesAtomically(files)).toThrow(`cannot write ${path.join(dir, "gone", "b.md")}: no such file or directory (ENOENT)`);
    expect(fs.readdirSync(dir)).toEqual(["a.md"]);
    expect(fs.readFileSync(path.join(dir, "a.md"), "utf8")).toBe("before\n");
  });
});

describe("input files the CLI cannot read", () => {
  const problem = async (files: Record<string, string | null>, setup: (dir: string) => void, args: string[], expected: string) => {
    const dir = projectCopy(files);
    setup(dir);
    const r = await cli(args, dir);
    expect(r.code).toBe(1);
    noTrace(r.stderr);
    expect(r.stderr).toContain(`1 problem found:\n  ${expected}\nNothing was written.\n`);
  };

  it("a dangling symlink in the catalog", () =>
    problem({}, (dir) => fs.symlinkSync("/nonexistent", path.join(dir, "catalog", "ghost.yaml")), ["plan"],
      "catalog/ghost.yaml is a symbolic link to /nonexistent, which does not exist\n    hint: remove the link, or point it at the file it stands for"));

  it("teams.yaml as a directory", () =>
    problem({ "teams.yaml": null }, (dir) => fs.mkdirSync(path.join(dir, "teams.yaml")), ["plan"],
      "teams.yaml is a directory, not a file\n    hint: this name is for a YAML file: move the directory away"));

  it("a stack file as a directory", () =>
    problem({}, (dir) => fs.mkdirSync(path.join(dir, "Pulumi.x.yaml")), ["plan", "--stack", "x"],
      "Pulumi.x.yaml is a directory, not a file\n    hint: this name is for a YAML file: move the directory away"));

  it("a named pipe in the catalog, which would hang a read", () =>
    problem({}, (dir) => require("node:child_process").execFileSync("mkfifo", [path.join(dir, "catalog", "pipe.yaml")]), ["plan"],
      "catalog/pipe.yaml is not a regular file\n    hint: this name is for a YAML file"));
});
