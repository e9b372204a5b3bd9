/**
 * Datadog APM: the monitors and SLOs each service gets, per tier and environment, with their
 * exact queries and messages, and the places Datadog notifies.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import type { Plan } from "../src/plan/plan";
import { alertsOf } from "../src/report/alerts";
import { renderSummary } from "../src/report/summary";
import { byName, byType, plan, PROJECT_DIR, projectCopy } from "./helpers";

const MONITOR = "datadog:index/monitor:Monitor";
const SLO = "datadog:index/serviceLevelObjective:ServiceLevelObjective";
const LINK = "datadog:pagerduty/serviceObject:ServiceObject";

const ORDERS_FOOTER =
  "\n\nService: orders (tier 1), Orders API (place, list and cancel orders)\n" +
  "Owner: Checkout (checkout@servio.example)\nRunbook: https://runbooks.servio.example/orders";
const NOTIFICATIONS_FOOTER =
  "\n\nService: notifications (tier 3), Sends e-mail and push notifications from the notifications queue\n" +
  "Owner: Platform (platform@servio.example)\nRunbook: https://runbooks.servio.example/notifications";
const PROD_TAGS = ["service:orders", "env:prod", "team:checkout", "tier:1", "managed-by:servio-monitoring"];
const PAGE = "@pagerduty-servio-prod-orders";
const TICKET = "@webhook-servio-prod-ticket";
const CHAT = "@slack-servio-servio-prod-alerts";
const MAIL = "@sre@servio.example";

let prod: Plan;
let dev: Plan;
beforeAll(async () => {
  prod = await plan("prod");
  dev = await plan("dev");
}, 60_000);

describe("Datadog APM of a tier-1 service in prod (orders)", () => {
  it("pages on its error rate (errors over hits), with a warning level that opens a ticket", () => {
    expect(byName(prod, "prod-orders-apm-error-rate").inputs).toEqual({
      name: "servio/prod/orders/apm-error-rate",
      type: "query alert",
      query: "sum(last_5m):100 * (sum:trace.http.request.errors{service:orders,env:prod}.as_count() / " +
        "sum:trace.http.request.hits{service:orders,env:prod}.as_count()) > 2",
      monitorThresholds: { critical: "2", warning: "1" },
      message:
        `{{#is_alert}}[critical] orders: more than 2 % of trace.http.request requests fail over 5 min. ` +
        `Notifying: ${PAGE} ${CHAT} ${MAIL}{{/is_alert}}\n` +
        `{{#is_warning}}[warning] orders: more than 1 % of trace.http.request requests fail over 5 min. ` +
        `Notifying: ${TICKET} ${CHAT} ${MAIL}{{/is_warning}}${ORDERS_FOOTER}`,
      notifyNoData: false,
      requireFullWindow: true,
      evaluationDelay: 60,
      renotifyInterval: 60,
      renotifyStatuses: ["alert"],
      priority: "1",
      includeTags: true,
      tags: PROD_TAGS,
    });
  });

  it("watches p99 latency in seconds, its catalog override in the warning level", () => {
    const latency = byName(prod, "prod-orders-apm-latency").inputs;
    expect(latency.query).toBe("percentile(last_5m):p99:trace.http.request{service:orders,env:prod} > 1.5");
    expect(latency.monitorThresholds).toEqual({ critical: "1.5", warning: "0.6" });
    expect(latency.message).toBe(
      `{{#is_alert}}[warning] orders: p99 latency of trace.http.request is above 1500 ms over 5 min. ` +
        `Notifying: ${TICKET} ${CHAT} ${MAIL}{{/is_alert}}\n` +
        `{{#is_warning}}[info] orders: p99 latency of trace.http.request is above 600 ms over 5 min. ` +
        `Notifying: ${MAIL}{{/is_warning}}${ORDERS_FOOTER}`,
    );
    expect(latency).toMatchObject({ notifyNoData: false, requireFullWindow: false, priority: "3", tags: PROD_TAGS });
  });

  it("flags a drop in throughput as an anomaly, and silence as no data after two windows", () => {
    expect(byName(prod, "prod-orders-apm-throughput").inputs).toMatchObject({
      query: "avg(last_4h):anomalies(sum:trace.http.request.hits{service:orders,env:prod}.as_count(), " +
        "'agile', 3, direction='below', alert_window='last_15m', interval=60, count_default_zero='true') >= 1",
      monitorThresholds: { critical: "1", criticalRecovery: "0" },
      monitorThresholdWindows: { triggerWindow: "last_15m", recoveryWindow: "last_15m" },
      notifyNoData: true,
      noDataTimeframe: 30,
      message:
        `{{#is_alert}}[warning] orders: requests to trace.http.request are below their usual band (3 σ) ` +
        `for 15 min. Notifying: ${TICKET} ${CHAT} ${MAIL}{{/is_alert}}${ORDERS_FOOTER}`,
    });
  });

  it("declares its availability and latency SLOs from the catalog's objectives", () => {
    const scope = "{service:orders,env:prod}";
    expect(byName(prod, "prod-orders-slo-availability").inputs).toEqual({
      name: "servio/prod/orders/slo-availability",
      type: "metric",
      description: "99.9 % of orders requests succeed. Owner: Checkout. Runbook: https://runbooks.servio.example/orders",
      query: {
        numerator: `sum:trace.http.request.hits${scope}.as_count() - sum:trace.http.request.errors${scope}.as_count()`,
        denominator: `sum:trace.http.request.hits${scope}.as_count()`,
      },
      thresholds: [{ timeframe: "30d", target: 99.9, warning: 99.95 }],
      tags: PROD_TAGS,
    });
    expect(byName(prod, "prod-orders-slo-latency").inputs).toMatchObject({
      query: { numerator: `count(v: v<=1):trace.http.request${scope}`, denominator: `count:trace.http.request${scope}` },
      thresholds: [{ timeframe: "30d", target: 99, warning: 99.5 }],
    });
  });

  it("takes a service's own objective from its catalog file (payments)", () => {
    expect(byName(prod, "prod-payments-slo-availability").inputs).toMatchObject({
      description: "99.95 % of payments requests succeed. Owner: Payments. Runbook: https://runbooks.servio.example/payments",
      thresholds: [{ timeframe: "30d", target: 99.95, warning: 99.975 }],
    });
  });

  it("links its PagerDuty service to Datadog with the service's Datadog integration key, a secret", () => {
    expect(byName(prod, "prod-orders-pagerduty-link").inputs).toEqual({
      serviceName: "servio-prod-orders",
      serviceKey: "[secret]",
    });
  });
});

describe("Datadog APM of a tier-1 service in dev (orders)", () => {
  it("mails dev's mailbox at both levels of its error rate, with dev's looser thresholds", () => {
    const errors = byName(dev, "dev-orders-apm-error-rate").inputs;
    expect(errors).toMatchObject({
      query: "sum(last_15m):100 * (sum:trace.http.request.errors{service:orders,env:dev}.as_count() / " +
        "sum:trace.http.request.hits{service:orders,env:dev}.as_count()) > 25",
      monitorThresholds: { critical: "25", warning: "10" },
      message:
        "{{#is_alert}}[critical] orders: more than 25 % of trace.http.request requests fail over 15 min. " +
        "Notifying: @sre-dev@servio.example{{/is_alert}}\n" +
        "{{#is_warning}}[warning] orders: more than 10 % of trace.http.request requests fail over 15 min. " +
        `Notifying: @sre-dev@servio.example{{/is_warning}}${ORDERS_FOOTER}`,
      priority: "1",
      tags: ["service:orders", "env:dev", "team:checkout", "tier:1", "managed-by:servio-monitoring"],
    });
    expect(byName(dev, "dev-orders-apm-latency").inputs).toMatchObject({
      query: "percentile(last_5m):p99:trace.http.request{service:orders,env:dev} > 5",
      monitorThresholds: { critical: "5", warning: "0.6" },
    });
  });

  it("keeps prod's objectives in dev's SLOs", () => {
    expect(byName(dev, "dev-orders-slo-availability").inputs.thresholds).toEqual([
      { timeframe: "30d", target: 99.9, warning: 99.95 },
    ]);
    expect(byName(dev, "dev-orders-slo-latency").inputs.query).toEqual({
      numerator: "count(v: v<=1):trace.http.request{service:orders,env:dev}",
      denominator: "count:trace.http.request{service:orders,env:dev}",
    });
  });
});

describe("Datadog APM of a tier-3 service (notifications)", () => {
  it("never pages in prod: its error rate opens a ticket, its latency only mails", () => {
    const errors = byName(prod, "prod-notifications-apm-error-rate").inputs;
    expect(errors.query).toBe(
      "sum(last_15m):100 * (sum:trace.aws.lambda.errors{service:notifications,env:prod}.as_count() / " +
        "sum:trace.aws.lambda.hits{service:notifications,env:prod}.as_count()) > 10",
    );
    expect(errors.message).toBe(
      `{{#is_alert}}[warning] notifications: more than 10 % of trace.aws.lambda requests fail over 15 min. ` +
        `Notifying: ${TICKET} ${CHAT} ${MAIL}{{/is_alert}}\n` +
        `{{#is_warning}}[info] notifications: more than 5 % of trace.aws.lambda requests fail over 15 min. ` +
        `Notifying: ${MAIL}{{/is_warning}}${NOTIFICATIONS_FOOTER}`,
    );
    expect(byName(prod, "prod-notifications-apm-latency").inputs.query).toBe(
      "percentile(last_15m):p95:trace.aws.lambda{service:notifications,env:prod} > 5",
    );
    expect(byType(prod, LINK).map((l) => l.inputs.serviceName)).not.toContain("servio-prod-notifications");
  });

  it("mails dev's mailbox on alert and notifies nobody at info, without re-notifying", () => {
    const errors = byName(dev, "dev-notifications-apm-error-rate").inputs;
    expect(errors.query).toBe(
      "sum(last_15m):100 * (sum:trace.aws.lambda.errors{service:notifications,env:dev}.as_count() / " +
        "sum:trace.aws.lambda.hits{service:notifications,env:dev}.as_count()) > 25",
    );
    expect(errors.message).toBe(
      "{{#is_alert}}[warning] notifications: more than 25 % of trace.aws.lambda requests fail over 15 min. " +
        "Notifying: @sre-dev@servio.example{{/is_alert}}\n" +
        "{{#is_warning}}[info] notifications: more than 10 % of trace.aws.lambda requests fail over 15 min." +
        `{{/is_warning}}${NOTIFICATIONS_FOOTER}`,
    );
    expect(errors.renotifyInterval).toBeUndefined();
    expect(byName(dev, "dev-notifications-apm-throughput").inputs).toMatchObject({
      query: "avg(last_8h):anomalies(sum:trace.aws.lambda.hits{service:notifications,env:dev}.as_count(), " +
        "'agile', 4, direction='below', alert_window='last_30m', interval=60, count_default_zero='true') >= 1",
      noDataTimeframe: 60,
    });
    expect(byName(dev, "dev-notifications-slo-latency").inputs).toMatchObject({
      query: {
        numerator: "count(v: v<=2.5):trace.aws.lambda{service:notifications,env:dev}",
        denominator: "count:trace.aws.lambda{service:notifications,env:dev}",
      },
      thresholds: [{ timeframe: "30d", target: 95, warning: 97.5 }],
    });
  });
});

describe("Datadog APM across the environments", () => {
  it("holds three monitors and two SLOs for every service in prod and dev", () => {
    for (const p of [prod, dev]) {
      for (const service of ["accounts", "notifications", "orders", "payments", "web"]) {
        const own = (type: string) => byType(p, type).filter((r) => r.name.startsWith(`${p.stack}-${service}-`));
        expect(own(MONITOR).map((m) => m.inputs.name)).toEqual(
          ["apm-error-rate", "apm-latency", "apm-throughput"].map((k) => `servio/${p.stack}/${service}/${k}`),
        );
        expect(own(SLO)).toHaveLength(2);
      }
    }
  });

  it("links only the services whose monitors page, and only where a route pages", () => {
    expect(byType(prod, LINK).map((l) => l.inputs.serviceName).sort()).toEqual([
      "servio-prod-orders", "servio-prod-payments", "servio-prod-web",
    ]);
    expect(byType(dev, LINK)).toEqual([]);
  });

  it("posts to the ticket webhook with its secret URL and to Slack through Datadog's integration", () => {
    expect(byName(prod, "prod-webhook-ticket").inputs).toEqual({ name: "servio-prod-ticket", url: "[secret]", encodeAs: "json" });
    expect(byName(prod, "prod-slack-chat").inputs).toMatchObject({ accountName: "servio", channelName: "#servio-prod-alerts" });
  });

  it("measures services on their entry spans: Lambda-only services on aws.lambda, Django on its own", () => {
    expect(byName(prod, "prod-payments-apm-latency").inputs.query).toBe(
      "percentile(last_5m):p99:trace.aws.lambda{service:payments,env:prod} > 1.5",
    );
    expect(byName(prod, "prod-accounts-apm-latency").inputs.query).toBe(
      "percentile(last_10m):p95:trace.django.request{service:accounts,env:prod} > 2",
    );
  });

  it("lists each monitor level as an alert with its severity, routes, runbook and team", () => {
    const orders = alertsOf(prod).filter((a) => a.source === "datadog" && a.service === "orders");
    expect(orders.map((a) => [a.name, a.severity, a.routes.join(","), a.condition, a.window])).toEqual([
      ["servio/prod/orders/apm-error-rate/critical", "critical", "chat,email,page", "> 2 % (critical)", "5 min"],
      ["servio/prod/orders/apm-error-rate/warning", "warning", "chat,email,ticket", "> 1 % (warning)", "5 min"],
      ["servio/prod/orders/apm-latency/critical", "warning", "chat,email,ticket", "> 1500 ms (critical)", "5 min"],
      ["servio/prod/orders/apm-latency/warning", "info", "email", "> 600 ms (warning)", "5 min"],
      ["servio/prod/orders/apm-throughput", "warning", "chat,email,ticket",
        "below the agile band (3 σ) for 100 % of the window", "15 min"],
    ]);
    expect(orders.every((a) => a.family === "apm" && a.team === "checkout" &&
      a.runbook === "https://runbooks.servio.example/orders")).toBe(true);
  });

  it("lists the SLOs in the plan summary", () => {
    const summary = renderSummary(prod);
    expect(summary).toContain("Datadog SLOs: 10\n");
    const row = summary.split("\n").find((l) => l.includes("servio/prod/orders/slo-latency"));
    expect(row?.trim().split(/ {2,}/)).toEqual([
      "servio/prod/orders/slo-latency", "99 % of orders requests take at most 1000 ms (p99)", "30d", "99 %", "99.5 %",
    ]);
  });

  it("declares nothing in Datadog where the environment has no servio-monitoring:datadog", async () => {
    const text = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
    const without = text.slice(0, text.indexOf("  # Datadog APM:"));
    const p = await plan("dev", projectCopy({ "Pulumi.dev.yaml": without }));
    expect(p.resources.filter((r) => r.type.startsWith("datadog:"))).toEqual([]);
  }, 60_000);
});
