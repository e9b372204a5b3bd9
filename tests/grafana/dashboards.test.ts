import * as fs from "node:fs";
import * as path from "node:path";

import { checkPlan } from "../../src/checks";
import { dashboardModel, planMetrics } from "../../src/checks/grafana";
import { dashboardJson } from "../../src/dashboards/library";
import { validateDashboard } from "../../src/dashboards/validate";
import type { Plan } from "../../src/plan/plan";
import { renderSummary } from "../../src/report/summary";
import { byName, byType, plan, PROJECT_DIR, projectCopy } from "../helpers";

const FOLDER = "grafana:oss/folder:Folder";
const DATA_SOURCE = "grafana:oss/dataSource:DataSource";
const DASHBOARD = "grafana:oss/dashboard:Dashboard";

type Json = Record<string, any>;

const model = (p: Plan, key: string): Json => dashboardModel(byName(p, `${p.stack}-${key}`, DASHBOARD))!;
const panels = (d: Json): Json[] => d.panels.filter((x: Json) => x.type !== "row");
const titles = (d: Json): string[] => d.panels.map((x: Json) => x.title);
const panel = (d: Json, title: string): Json => {
  const found = d.panels.find((x: Json) => x.title === title);
  if (!found) throw new Error(`no panel "${title}"; panels: ${titles(d).join(", ")}`);
  return found;
};
const grid = (d: Json) => d.panels.map((x: Json) => [x.title, x.gridPos.x, x.gridPos.y, x.gridPos.w, x.gridPos.h]);

describe("Grafana dashboards of the Servio catalog", () => {
  let prod: Plan;
  let dev: Plan;
  beforeAll(async () => {
    prod = await plan("prod");
    dev = await plan("dev");
  });

  it("declares a folder per environment, titled as its config says", () => {
    expect(byType(prod, FOLDER).map((f) => f.inputs)).toEqual([{ title: "Servio prod", uid: "servio-prod" }]);
    expect(byType(dev, FOLDER).map((f) => f.inputs)).toEqual([{ title: "Servio dev", uid: "servio-dev" }]);
  });

  it("reads CloudWatch by assuming prod's role in its region, and Sentry with a secret token", () => {
    const cw = byName(prod, "prod-cloudwatch", DATA_SOURCE).inputs;
    expect(cw).toMatchObject({ type: "cloudwatch", uid: "servio-prod-cloudwatch", name: "Servio prod CloudWatch" });
    expect(JSON.parse(String(cw.jsonDataEncoded))).toEqual({
      authType: "grafana_assume_role",
      defaultRegion: "eu-west-1",
      assumeRoleArn: "arn:aws:iam::123456789012:role/servio-grafana-cloudwatch-read",
    });
    expect(byName(prod, "prod-sentry", DATA_SOURCE).inputs).toEqual({
      type: "grafana-sentry-datasource",
      name: "Servio prod Sentry",
      uid: "servio-prod-sentry",
      jsonDataEncoded: JSON.stringify({ orgSlug: "servio", url: "https://sentry.io" }),
      secureJsonDataEncoded: "[secret]",
    });
  });

  it("gives dev a CloudWatch data source on the server's own credentials, and no Sentry", () => {
    expect(byType(dev, DATA_SOURCE).map((d) => d.name)).toEqual(["dev-cloudwatch"]);
    expect(JSON.parse(String(byName(dev, "dev-cloudwatch").inputs.jsonDataEncoded))).toEqual({
      authType: "default", defaultRegion: "eu-west-1",
    });
  });

  it("holds the five kinds, one dashboard per service and the custom one, in the folder", () => {
    const uids = byType(prod, DASHBOARD).map((d) => dashboardModel(d)!.uid).sort();
    expect(uids).toEqual([
      "servio-prod-business", "servio-prod-custom-public-edge", "servio-prod-errors",
      "servio-prod-health", "servio-prod-performance", "servio-prod-service-accounts",
      "servio-prod-service-notifications", "servio-prod-service-orders",
      "servio-prod-service-payments", "servio-prod-service-web",
    ]);
    expect(byType(prod, DASHBOARD).every((d) => d.inputs.folder === "servio-prod")).toBe(true);
    expect(prod.outputs.dashboards).toMatchObject({ health: "servio-prod-health", "custom-public-edge": "servio-prod-custom-public-edge" });
  });

  it("is valid against Grafana's dashboard schema and passes every plan check", () => {
    for (const p of [prod, dev]) {
      const refs = { metrics: planMetrics(p), dataSources: byType(p, DATA_SOURCE).map((d) => ({ type: String(d.inputs.type), uid: String(d.inputs.uid) })) };
      for (const d of byType(p, DASHBOARD)) expect([d.name, validateDashboard(dashboardModel(d)!, refs)]).toEqual([d.name, []]);
      expect(checkPlan(p).filter((f) => f.type.startsWith("grafana:"))).toEqual([]);
    }
  });

  it("is stable JSON: sorted keys, no dashboard id or version, uids within 40 characters", () => {
    for (const d of byType(prod, DASHBOARD)) {
      const m = dashboardModel(d) as Json;
      expect(d.inputs.configJson).toBe(dashboardJson(m));
      expect(Object.keys(m)).toEqual([...Object.keys(m)].sort());
      expect(m).not.toHaveProperty("id");
      expect(m).not.toHaveProperty("version");
      expect(m.uid.length).toBeLessThanOrEqual(40);
    }
  });

  it("shows one row per service on system health: uptime, error rate, saturation", () => {
    const health = model(prod, "health");
    expect(health.title).toBe("Servio prod · System health");
    expect(grid(health).slice(0, 6)).toEqual([
      ["accounts", 0, 0, 24, 1],
      ["accounts uptime check", 0, 1, 6, 6],
      ["accounts error rate", 6, 1, 6, 6],
      ["accounts CPU and memory", 12, 1, 6, 6],
      ["accounts database connections", 18, 1, 6, 6],
      ["notifications", 0, 7, 24, 1],
    ]);
    expect(health.panels.filter((x: Json) => x.type === "row").map((x: Json) => x.title))
      .toEqual(["accounts", "notifications", "orders", "payments", "web"]);
    const uptime = panel(health, "orders uptime check");
    expect(uptime.type).toBe("stat");
    expect(uptime.targets[0]).toMatchObject({ namespace: "AWS/Route53", metricName: "HealthCheckStatus", region: "us-east-1", statistic: "Minimum" });
    // Alarms in alarm: each service's CloudWatch alarms, by their name prefix.
    expect(health.annotations.list.map((a: Json) => a.target.alarmNamePrefix)).toEqual([
      "servio/prod/accounts/", "servio/prod/notifications/", "servio/prod/orders/", "servio/prod/payments/", "servio/prod/web/",
    ]);
  });

  it("draws the orders error rate as 5xx over requests of its target group", () => {
    const rate = panel(model(prod, "health"), "orders error rate");
    const dims = { LoadBalancer: "app/servio-prod-public/50dc6c495c0c9188", TargetGroup: "targetgroup/servio-prod-orders/6d0ecf831eec9f09" };
    expect(rate.fieldConfig.defaults.unit).toBe("percent");
    expect(rate.targets.map((t: Json) => [t.refId, t.metricName ?? t.expression, t.hide ?? false])).toEqual([
      ["albe", "HTTPCode_Target_5XX_Count", true],
      ["albt", "RequestCount", true],
      ["albr", "100 * FILL(albe, 0) / albt", false],
    ]);
    expect(rate.targets[0]).toMatchObject({ namespace: "AWS/ApplicationELB", dimensions: dims, statistic: "Sum", region: "eu-west-1" });
  });

  it("shows latency percentiles and throughput per entry point, and database latency", () => {
    const perf = model(prod, "performance");
    expect(titles(perf).filter((t) => t.startsWith("payments"))).toEqual([
      "payments", "payments API latency", "payments API throughput", "payments Lambda authorize latency",
      "payments Lambda authorize throughput", "payments Lambda capture latency", "payments Lambda capture throughput",
    ]);
    expect(panel(perf, "orders ALB latency").targets.map((t: Json) => t.statistic)).toEqual(["p50", "p90", "p99"]);
    expect(panel(perf, "orders ALB latency").fieldConfig.defaults.unit).toBe("s");
    expect(panel(perf, "orders database latency").targets.map((t: Json) => t.metricName)).toEqual(["ReadLatency", "WriteLatency"]);
  });

  it("overlays the previous week on every business metric", () => {
    const business = model(prod, "business");
    expect(panels(business).map((x) => [x.title, x.targets[0].metricName, x.timeCompare])).toEqual([
      ["Accounts created", "SignUps", "7d"],
      ["Distinct users active in the last 5 minutes", "ActiveUsers", "7d"],
      ["Orders placed, counted when the order is committed", "OrdersPlaced", "7d"],
      ["Order value in EUR cents (revenue)", "OrderValue", "7d"],
      ["Payments captured", "PaymentsCaptured", "7d"],
      ["Payments declined by the card network or fraud checks", "PaymentsDeclined", "7d"],
    ]);
  });

  it("tracks 5xx rates, Lambda errors, dead letters and, where configured, Sentry events", () => {
    const errors = model(prod, "errors");
    expect(errors.panels.filter((x: Json) => x.type === "row").map((x: Json) => x.title))
      .toEqual(["5xx and error rates", "Lambda errors", "Dead-letter queues", "Sentry"]);
    expect(grid(errors).slice(0, 4)).toEqual([
      ["5xx and error rates", 0, 0, 24, 1],
      ["accounts error rate", 0, 1, 8, 8],
      ["notifications error rate", 8, 1, 8, 8],
      ["orders error rate", 16, 1, 8, 8],
    ]);
    expect(panel(errors, "notifications dead-letter queues").targets[0]).toMatchObject({
      namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "servio-prod-notifications-dlq" },
    });
    expect(panel(errors, "payments Lambda errors").targets.map((t: Json) => t.dimensions.FunctionName))
      .toEqual(["servio-prod-payments-authorize", "servio-prod-payments-capture"]);
    const sentry = panel(errors, "Sentry error events");
    expect(sentry.datasource).toEqual({ type: "grafana-sentry-datasource", uid: "servio-prod-sentry" });
    expect(sentry.targets[0]).toMatchObject({ queryType: "eventsStats", environments: ["production"], eventsStatsQuery: "event.type:error project:[accounts,notifications,orders,payments,web]" });
    expect(titles(model(dev, "errors"))).not.toContain("Sentry error events");
  });

  it("builds each service's dashboard from its catalog entry, custom metrics included", () => {
    const orders = model(prod, "service-orders");
    expect(orders.tags).toEqual(["servio", "env:prod", "kind:service", "service:orders", "team:checkout"]);
    expect(orders.panels.filter((x: Json) => x.type === "row").map((x: Json) => x.title))
      .toEqual(["Health", "Performance", "Errors", "Business and custom metrics"]);
    expect(panel(orders, "Checkout hand-off to payments is slow (p99 above 800 ms)").targets[0]).toMatchObject({
      namespace: "Servio/Orders", metricName: "CheckoutHandoffLatency", dimensions: { Environment: "prod" }, statistic: "p99",
    });
    const decline = panel(model(prod, "service-payments"), "More than 20 % of card payments are declined");
    expect(decline.targets.map((t: Json) => t.expression ?? t.metricName)).toEqual(["PaymentsCaptured", "PaymentsDeclined", "100 * declined / (captured + declined)"]);
  });

  it("deploys the hand-written dashboard with {env} replaced and a uid from its file name", () => {
    const custom = model(prod, "custom-public-edge");
    expect(custom.title).toBe("Servio prod · Public edge");
    expect(custom.tags).toEqual(["edge", "servio", "env:prod", "kind:custom"]);
    expect(titles(custom)).toEqual(["servio-prod-public", "Requests and target 5xx", "Target 5xx, last hour", "Target response time, p99"]);
    expect(panel(custom, "Target response time, p99").targets[0].dimensions).toEqual({ LoadBalancer: "app/servio-prod-public/50dc6c495c0c9188" });
    expect(custom.panels.map((x: Json) => x.id)).toEqual([1, 2, 3, 4]);
  });

  it("lists the dashboards in the plan summary", () => {
    const summary = renderSummary(prod);
    expect(summary).toContain('Dashboards: 10 in Grafana folder "Servio prod"');
    expect(summary).toMatch(/Servio prod · System health +servio-prod-health +16\n/);
  });

  it("puts a new catalog service on every dashboard without editing one", async () => {
    const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");
    const carts = orders.replaceAll("orders", "carts").replace("6d0ecf831eec9f09", "7a1bc2d3e4f50617")
      .replace(/customMetrics:[\s\S]*?(?=logs:)/, "").replace(/    - name: OrderValue[\s\S]*?unit: None\n/, "");
    // dev: prod would also want carts' PagerDuty service in Sentry's settings.
    const copy = await plan("dev", projectCopy({ "catalog/carts.yaml": carts }));
    for (const key of ["health", "performance", "business", "errors"]) {
      const carts = titles(model(copy, key)).filter((t) => t.startsWith("carts"));
      expect([key, carts.length > 0]).toEqual([key, true]);
    }
    expect(model(copy, "service-carts").title).toBe("Servio dev · carts");
  });
});
