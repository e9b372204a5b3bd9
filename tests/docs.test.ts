/**
 * The incident docs: golden files for a small fixture catalog, determinism, nothing written
 * on failure, and the runbook rule every alert is held to.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { checkRunbooks } from "../src/checks/incidents";
import type { Plan } from "../src/plan/plan";
import { alertsOf } from "../src/report/alerts";
import { cli, plan, PROJECT_DIR, projectCopy } from "./helpers";

const GOLDEN = path.join(__dirname, "golden", "docs");
const FILES = ["alerts.md", "oncall.md", "postmortem.md"];
const prod = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");

/** `prod` with the services of Sentry's PagerDuty integration replaced by `ids`. */
function withSentryServices(config: string, ids: Record<string, number>): string {
  const lines = Object.entries(ids).map(([service, id]) => `        ${service}: ${id}\n`).join("");
  return config.replace(/(      services:\n)(        [a-z]+: \d+\n)+/, `$1${lines}`);
}

/** Two services of two teams; checkout works office hours, which prod here does not forbid. */
const fixture = {
  catalog: null,
  "catalog/shop.yaml": [
    "name: shop", "description: Shop front", "team: checkout", "tier: 1",
    "runbook: https://runbooks.servio.example/shop", "health:", "  url: https://shop.servio.example/healthz",
    "resources:", "  loadBalancer:", "    name: app/servio-{env}-public/50dc6c495c0c9188",
    "    targetGroup: targetgroup/servio-{env}-shop/6d0ecf831eec9f09", "",
  ].join("\n"),
  "catalog/mailer.yaml": [
    "name: mailer", "description: Sends receipts", "team: platform", "tier: 3",
    "runbook: https://runbooks.servio.example/mailer", "resources:", "  lambdaFunctions:", "    - servio-{env}-mailer", "",
  ].join("\n"),
  "Pulumi.prod.yaml": withSentryServices(prod, { mailer: 310001, shop: 310002 }).replace("    requireFullCoverage: true", [
    "    requireFullCoverage: false", "    teams:", "      checkout:", "        hours:",
    "          - days: [monday, tuesday, wednesday, thursday, friday]", '            from: "08:00"', '            to: "20:00"',
  ].join("\n")),
};

const outDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "servio-docs-"));

describe("npm run docs", () => {
  it("writes the alert catalog, on-call page and post-mortem template (golden files)", async () => {
    const out = outDir();
    const r = await cli(["docs", "--stack", "prod", "--out", out], projectCopy(fixture));

    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").map((l) => path.basename(l))).toEqual(FILES);
    for (const file of FILES) {
      const written = fs.readFileSync(path.join(out, "prod", file), "utf8");
      if (process.env.UPDATE_GOLDEN) fs.mkdirSync(GOLDEN, { recursive: true }), fs.writeFileSync(path.join(GOLDEN, file), written);
      expect(written).toBe(fs.readFileSync(path.join(GOLDEN, file), "utf8"));
    }
  });

  it("writes byte-identical docs for the same input", async () => {
    const [a, b] = [outDir(), outDir()];
    await cli(["docs", "--stack", "prod", "--out", a]);
    await cli(["docs", "--stack", "prod", "--out", b]);
    for (const file of FILES) {
      expect(fs.readFileSync(path.join(a, "prod", file), "utf8")).toBe(fs.readFileSync(path.join(b, "prod", file), "utf8"));
    }
  });

  it("catalogs every alert of the prod plan with its runbook, and every team on the on-call page", async () => {
    const out = outDir();
    await cli(["docs", "--stack", "prod", "--out", out]);
    const catalog = fs.readFileSync(path.join(out, "prod", "alerts.md"), "utf8");
    const oncall = fs.readFileSync(path.join(out, "prod", "oncall.md"), "utf8");
    for (const alert of alertsOf(await plan("prod"))) {
      const row = catalog.split("\n").find((l) => l.startsWith(`| \`${alert.name.replace(`servio/prod/${alert.service}/`, "")}\``) && l.includes(`(${alert.runbook})`));
      expect(row).toContain(`| ${alert.severity} |`);
    }
    for (const team of ["Checkout", "Identity", "Payments", "Platform", "Storefront"]) {
      expect(oncall).toContain(`| 1 | ${team} primary (prod) | 15 min |\n| 2 | ${team} secondary (prod) | 15 min |`);
    }
  });

  it("writes nothing, and keeps the docs that were there, when a check fails", async () => {
    const out = outDir();
    fs.mkdirSync(path.join(out, "prod"));
    fs.writeFileSync(path.join(out, "prod", "alerts.md"), "previous\n");
    const failing = { ...fixture, "Pulumi.prod.yaml": fixture["Pulumi.prod.yaml"].replace("requireFullCoverage: false", "requireFullCoverage: true") };
    const r = await cli(["docs", "--stack", "prod", "--out", out], projectCopy(failing));

    expect(r.code).toBe(1);
    expect(r.stderr).toContain("leaves nobody on call in 5 gaps of the week");
    expect(r.stderr).toContain("Nothing was written.\n");
    expect(fs.readdirSync(out)).toEqual(["prod"]);
    expect(fs.readdirSync(path.join(out, "prod"))).toEqual(["alerts.md"]);
    expect(fs.readFileSync(path.join(out, "prod", "alerts.md"), "utf8")).toBe("previous\n");
  });
});

describe("runbooks", () => {
  let prodPlan: Plan;
  beforeAll(async () => {
    prodPlan = await plan("prod");
  });

  /** The prod plan with the runbook tag of the orders 5xx alarm set to `runbook`. */
  const withRunbook = (p: Plan, runbook: string | null): Plan => ({
    ...p,
    resources: p.resources.map((r) => (r.inputs.name === "servio/prod/orders/alb-target-5xx-rate"
      ? { ...r, inputs: { ...r.inputs, tags: { ...(r.inputs.tags as object), runbook } } }
      : r)),
  });
  const findings = (p: Plan) => {
    const found: string[] = [];
    const policy = p.resources.find((r) => r.type === "servio:monitoring:IncidentPolicy")!;
    checkRunbooks(policy, p, (field, message, hint, level = "error") => found.push(`${level} ${field}: ${message} (${hint})`));
    return found;
  };

  it("every alert in the prod plan carries one", () => {
    expect(alertsOf(prodPlan).filter((a) => !a.runbook)).toEqual([]);
    expect(findings(prodPlan)).toEqual([]);
  });

  it("a runbook that is not an https URL is an error", () => {
    expect(findings(withRunbook(prodPlan, "http://wiki.servio.example/orders"))).toEqual([
      'error runbook: alert "servio/prod/orders/alb-target-5xx-rate" (cloudwatch) has the runbook "http://wiki.servio.example/orders", which is not an https:// URL (link the runbook over https)',
    ]);
  });

  it("a missing runbook is left to the policy's alert-has-runbook rule, so it is told once", () => {
    expect(findings(withRunbook(prodPlan, null))).toEqual([]);
  });
});

describe("the committed docs in docs/generated", () => {
  // PagerDuty service descriptions link the committed post-mortem template, and on-call reads the
  // committed alert catalog: a change that alters them must regenerate them.
  it.each(["dev", "prod"])("are what `npm run docs -- --stack %s` writes now", async (stack) => {
    const out = outDir();
    const r = await cli(["docs", "--stack", stack, "--out", out]);
    expect(r.code).toBe(0);
    for (const file of FILES) {
      const committed = fs.readFileSync(path.join(PROJECT_DIR, "docs", "generated", stack, file), "utf8");
      expect(`${file}:\n${fs.readFileSync(path.join(out, stack, file), "utf8")}`).toBe(`${file}:\n${committed}`);
    }
  });
});
