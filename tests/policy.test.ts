/**
 * The team's alerting rules: each violation with the message a person reads, run on edited
 * copies of the real plans; and through `npm run plan`, where a mandatory violation fails.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import type { Plan } from "../src/plan/plan";
import { evaluatePolicies, formatViolation, RULES } from "../src/policy/rules";
import { settingsFromConfig } from "../src/policy/settings";
import { cli, plan, PROJECT_DIR, projectCopy } from "./helpers";

const PROD = { production: true, protect: true };
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");
let prod: Plan;
let dev: Plan;

beforeAll(async () => {
  prod = await plan("prod");
  dev = await plan("dev");
});

/** The prod plan with one alarm's inputs edited. */
function withAlarm(name: string, edit: (inputs: Record<string, unknown>) => void): Plan {
  const copy = structuredClone(prod);
  const alarm = copy.resources.find((r) => r.type === ALARM && r.inputs.name === name)!;
  edit(alarm.inputs as Record<string, unknown>);
  return copy;
}

const messages = (p: Plan, settings = PROD) => evaluatePolicies(p, settings).map(formatViolation);

describe("the alerting policy", () => {
  it("passes the prod plan, and dev with advice about the info alerts nobody hears of", () => {
    expect(messages(prod)).toEqual([]);
    // dev routes info nowhere: Datadog's and Sentry's info levels (listed first, by URN) and the
    // CloudWatch info alarms of notifications are heard of by nobody.
    const unheard = [
      "accounts/apm-error-rate/warning",
      "accounts/apm-latency/warning",
      "notifications/apm-error-rate/warning",
      "notifications/apm-latency/critical",
      "notifications/apm-latency/warning",
      "notifications/apm-throughput",
      "orders/apm-latency/warning",
      "payments/apm-latency/warning",
      "web/apm-latency/warning",
      "notifications/new-issue",
      "notifications/regression",
      "accounts/error-rate/warning",
      "accounts/p95-duration/warning",
      "notifications/error-rate/warning",
      "notifications/p95-duration/critical",
      "notifications/p95-duration/warning",
      "orders/p95-duration/warning",
      "payments/p95-duration/warning",
      "web/p95-duration/warning",
      "notifications/lambda-concurrency",
      "notifications/lambda-p99-duration/servio-dev-notifications-sender",
      "notifications/lambda-throttles/servio-dev-notifications-sender",
      "notifications/log-errors/errors",
      "notifications/sqs-oldest-message/servio-dev-notifications",
    ];
    expect(messages(dev, { production: false, protect: false })).toEqual(unheard.map((name) =>
      `advisory: [alert-has-route] servio/dev/${name} reaches nobody: severity "info" is routed to no channel; ` +
      "route it in servio-monitoring:routing or disable the alert"));
  });

  it("every rule has a name, a description and an enforcement level", () => {
    expect(RULES.map((r) => [r.name, r.enforcementLevel])).toEqual([
      ["alert-has-runbook", "mandatory"],
      ["alert-has-owner", "mandatory"],
      ["alert-has-action", "mandatory"],
      ["paging-alert-needs-several-datapoints", "mandatory"],
      ["alert-has-route", "advisory"],
      ["stateful-resources-protected", "mandatory"],
      ["alert-names-unique", "mandatory"],
    ]);
    for (const r of RULES) expect(r.description).toMatch(/^[A-Z].*\.$/);
  });

  it("a production alert must have an owner", () => {
    const p = withAlarm("servio/prod/web/uptime", (i) => delete (i.tags as Record<string, string>).team);
    expect(messages(p)).toEqual([
      'mandatory: [alert-has-owner] servio/prod/web/uptime has no owner; in production every alert names its team: set "team" in the catalog file of service "web"',
    ]);
  });

  it("a production alert must have an action", () => {
    const p = withAlarm("servio/prod/web/uptime", (i) => (i.alarmActions = []));
    expect(messages(p)).toEqual([
      "mandatory: [alert-has-action] servio/prod/web/uptime has no action; in production every alert notifies a topic or a channel when it fires",
      "advisory: [alert-has-route] servio/prod/web/uptime reaches nobody: it notifies no topic or channel when it fires",
    ]);
  });

  it("owner, runbook and action are not required where production rules do not apply", () => {
    const p = withAlarm("servio/prod/web/uptime", (i) => {
      i.alarmActions = [];
      i.tags = { service: "web", severity: "critical", alarm: "uptime" };
    });
    expect(messages(p, { production: false, protect: true })).toEqual([
      "advisory: [alert-has-route] servio/prod/web/uptime reaches nobody: it notifies no topic or channel when it fires",
    ]);
  });

  it("a paging alert must not fire on a single datapoint", () => {
    const p = withAlarm("servio/prod/orders/uptime", (i) => (i.datapointsToAlarm = 1));
    expect(messages(p)).toEqual([
      "mandatory: [paging-alert-needs-several-datapoints] servio/prod/orders/uptime pages through page on a single datapoint (1 of 2 × 1 min); " +
        "a paging alert needs at least 2: raise datapointsToAlarm of uptime in servio-monitoring:alarms or the catalog file's alarms",
    ]);
  });

  it("a ticket alert may fire on a single datapoint", () => {
    const p = withAlarm("servio/prod/orders/alb-target-p99-latency", (i) => (i.datapointsToAlarm = 1));
    expect(messages(p)).toEqual([]);
  });

  it("stateful resources must be protected where the environment protects", () => {
    const p = structuredClone(prod);
    p.resources.find((r) => r.name === "prod-orders" && r.type === "pagerduty:index/service:Service")!.protect = false;
    expect(messages(p)).toEqual([
      'mandatory: [stateful-resources-protected] pagerduty:index/service:Service "prod-orders" is not protected, but this environment protects stateful resources ' +
        "(servio-monitoring:protect: true); deleting it would lose its incident history: declare it with protect: true",
    ]);
    expect(messages(p, { production: true, protect: false })).toEqual([]);
  });

  it("alert names must be unique", () => {
    const p = withAlarm("servio/prod/web/alb-target-p99-latency", (i) => (i.name = "servio/prod/web/alb-target-5xx-rate"));
    expect(messages(p)).toEqual([
      'mandatory: [alert-names-unique] alert name "servio/prod/web/alb-target-5xx-rate" is used by 2 alerts (prod-web-alb-target-5xx-rate, prod-web-alb-target-p99-latency); give each its own name',
    ]);
  });

  it("reads the environment's settings from its config, as data", () => {
    expect(settingsFromConfig({ "servio-monitoring:policy": '{"production":true}', "servio-monitoring:protect": "true" })).toEqual(PROD);
    expect(settingsFromConfig({})).toEqual({ production: false, protect: false });
  });
});

describe("npm run plan with the policy", () => {
  const noRunbook = orders.replace(/^runbook:.*\n/m, "");

  it("fails a branch that removes a runbook, with the rule's message, and writes nothing", async () => {
    const dir = projectCopy({ "catalog/orders.yaml": noRunbook });
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "servio-policy-")), "plan.json");
    const r = await cli(["plan", "--stack", "prod", "--json", json], dir);

    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe([
      "planning stack prod offline...",
      'mandatory: [alert-has-runbook] servio/prod/orders/alb-healthy-hosts and 31 more alerts of "orders" have no runbook; in production every alert links one: set "runbook" in the catalog file of service "orders"',
      "1 mandatory policy violation: the team's alerting rules refuse this plan (see docs/review.md). Nothing was written.",
      "",
    ].join("\n"));
    expect(fs.existsSync(json)).toBe(false);

    const devRun = await cli(["plan", "--stack", "dev"], dir);
    expect(devRun.code).toBe(0);
  });

  it("rejects an unknown key under servio-monitoring:policy", async () => {
    const prodYaml = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
    const dir = projectCopy({ "Pulumi.prod.yaml": prodYaml.replace("    production: true", "    prod: true") });
    const r = await cli(["plan", "--stack", "prod"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ config\.servio-monitoring:policy\.prod: unknown key "prod"\n {4}hint: allowed: "production"\n/);
  });
});
