import { sentryOutputs } from "../src/plan/mocks";
import { alertsOf } from "../src/report/alerts";
import { renderSummary } from "../src/report/summary";
import type { Plan } from "../src/plan/plan";
import { byName, byType, plan, projectCopy } from "./helpers";

const TEAM = "sentry:index/sentryTeam:SentryTeam";
const PROJECT = "sentry:index/sentryProject:SentryProject";
const KEY = "sentry:index/sentryKey:SentryKey";
const ISSUE_ALERT = "sentry:index/sentryIssueAlert:SentryIssueAlert";
const METRIC_ALERT = "sentry:index/sentryMetricAlert:SentryMetricAlert";

const LEVEL_FILTER = { id: "sentry.rules.filters.level.LevelFilter", match: "gte", level: "40" };
const FREQUENCY = "sentry.rules.conditions.event_frequency.EventFrequencyCondition";
const EMAIL = "sentry.mail.actions.NotifyEmailAction";
const PAGERDUTY = "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction";
const SENTRY_APP = "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction";
const TICKET_APP = "8f0c6d2e-2b1a-4c7e-9d35-61b0a4f8e2c7";
/** The chat channel of prod, reached through Sentry's Slack integration. */
const SLACK = {
  id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
  workspace: "98121",
  channel: "#servio-prod-alerts",
  channel_id: "C07EZ1ABC23",
};
const SLACK_TRIGGER = {
  type: "slack", targetType: "specific", targetIdentifier: "#servio-prod-alerts", integrationId: 98121,
};

/** The Sentry id the offline engine gives a team: e-mail actions must name it. */
function teamIdOf(p: Plan, team: string): string {
  const inputs = byName(p, `${p.stack}-team-${team}`).inputs;
  return String(sentryOutputs(TEAM, `${p.stack}-team-${team}`, inputs).internalId);
}

describe("Sentry error tracking", () => {
  let prod: Plan;
  let dev: Plan;
  beforeAll(async () => {
    prod = await plan("prod");
    dev = await plan("dev");
  });

  it("declares a team per owning team and a protected project per service in prod", () => {
    expect(byType(prod, TEAM).map((t) => t.inputs)).toContainEqual({ name: "Checkout", organization: "servio", slug: "checkout" });
    expect(byType(prod, TEAM)).toHaveLength(5);
    const orders = byName(prod, "prod-orders-project");
    expect(orders.inputs).toEqual({ name: "orders", organization: "servio", platform: "node", slug: "orders", teams: ["checkout"] });
    expect(orders.protect).toBe(true);
    expect(byName(prod, "prod-notifications-project").inputs.platform).toBe("python-awslambda");
    expect(byType(prod, PROJECT).every((p) => p.protect)).toBe(true);
  });

  it("leaves dev projects unprotected, in dev's own organization", () => {
    const orders = byName(dev, "dev-orders-project");
    expect(orders.protect).toBe(false);
    expect(orders.inputs.organization).toBe("servio-dev");
  });

  it("rate-limits each client key as the environment says, and exports its DSN as a secret", () => {
    expect(byName(prod, "prod-orders-key").inputs).toEqual({
      name: "servio-monitoring prod", organization: "servio", project: "orders", rateLimitCount: 1000, rateLimitWindow: 60,
    });
    expect(byName(dev, "dev-orders-key").inputs).toMatchObject({ rateLimitCount: 100, rateLimitWindow: 60 });
    expect(byType(prod, KEY)).toHaveLength(5);
    expect(prod.outputs.sentryDsns).toEqual({
      accounts: "[secret]", notifications: "[secret]", orders: "[secret]", payments: "[secret]", web: "[secret]",
    });
  });

  it("pages a tier-1 service's high-frequency issues in prod, filtered to production", () => {
    const checkout = teamIdOf(prod, "checkout");
    expect(byName(prod, "prod-orders-high-frequency").inputs).toEqual({
      name: "servio/prod/orders/high-frequency",
      organization: "servio",
      project: "orders",
      environment: "production",
      actionMatch: "any",
      filterMatch: "all",
      frequency: 30,
      conditions: [{ id: FREQUENCY, comparisonType: "count", value: "100", interval: "5m" }],
      filters: [LEVEL_FILTER],
      actions: [
        { id: PAGERDUTY, account: "153024", service: "210433", severity: "critical" },
        SLACK,
        { id: EMAIL, targetType: "Team", targetIdentifier: checkout },
      ],
    });
  });

  it("opens a ticket for a tier-1 service's new issues and regressions in prod", () => {
    for (const rule of ["prod-orders-new-issue", "prod-orders-regression"]) {
      const i = byName(prod, rule).inputs;
      expect(i.actions).toEqual([
        { id: SENTRY_APP, sentryAppInstallationUuid: TICKET_APP },
        SLACK,
        { id: EMAIL, targetType: "Team", targetIdentifier: teamIdOf(prod, "checkout") },
      ]);
      expect(i.environment).toBe("production");
    }
    expect(byName(prod, "prod-orders-new-issue").inputs.conditions).toEqual([
      { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
    ]);
  });

  it("never pages for a tier-3 service: its bursts open a ticket, its new issues only mail", () => {
    const platform = teamIdOf(prod, "platform");
    expect(byName(prod, "prod-notifications-high-frequency").inputs.actions).toEqual([
      { id: SENTRY_APP, sentryAppInstallationUuid: TICKET_APP },
      SLACK,
      { id: EMAIL, targetType: "Team", targetIdentifier: platform },
    ]);
    expect(byName(prod, "prod-notifications-new-issue").inputs.actions).toEqual([
      { id: EMAIL, targetType: "Team", targetIdentifier: platform },
    ]);
  });

  it("mails everything in dev, and declares no rule for a severity routed nowhere", () => {
    const checkout = teamIdOf(dev, "checkout");
    expect(byName(dev, "dev-orders-high-frequency").inputs).toMatchObject({
      environment: "development",
      frequency: 60,
      conditions: [{ id: FREQUENCY, comparisonType: "count", value: "50", interval: "1h" }],
      actions: [{ id: EMAIL, targetType: "Team", targetIdentifier: checkout }],
    });
    const devRules = byType(dev, ISSUE_ALERT).map((r) => r.name);
    expect(devRules).not.toContain("dev-notifications-new-issue");
    expect(devRules).not.toContain("dev-notifications-regression");
    expect(devRules).toContain("dev-notifications-high-frequency");
  });

  it("declares error-rate and p95 metric alerts with critical and warning triggers", () => {
    const errorRate = byName(prod, "prod-orders-error-rate").inputs;
    const checkout = teamIdOf(prod, "checkout");
    expect(errorRate).toMatchObject({
      aggregate: "failure_rate()", dataset: "transactions", eventTypes: ["transaction"], environment: "production",
      timeWindow: 10, thresholdType: 0, owner: `team:${checkout}`,
    });
    expect(errorRate.triggers).toEqual([
      {
        label: "critical", alertThreshold: 0.05, thresholdType: 0,
        actions: [
          { type: "pagerduty", targetType: "specific", targetIdentifier: "210433", integrationId: 153024 },
          SLACK_TRIGGER,
          { type: "email", targetType: "team", targetIdentifier: checkout },
        ],
      },
      {
        label: "warning", alertThreshold: 0.02, thresholdType: 0,
        actions: [
          { type: "sentry_app", targetType: "sentry_app", targetIdentifier: "4821" },
          SLACK_TRIGGER,
          { type: "email", targetType: "team", targetIdentifier: checkout },
        ],
      },
    ]);
    const p95 = byName(dev, "dev-notifications-p95-duration").inputs;
    expect(p95).toMatchObject({ aggregate: "p95(transaction.duration)", timeWindow: 30 });
    expect(p95.triggers).toEqual([
      { label: "critical", alertThreshold: 6000, thresholdType: 0, actions: [] },
      { label: "warning", alertThreshold: 3000, thresholdType: 0, actions: [] },
    ]);
    expect(byType(prod, METRIC_ALERT)).toHaveLength(10);
  });

  it("lists every Sentry rule in the alerts with its severity and routes", () => {
    const orders = alertsOf(prod).filter((a) => a.source === "sentry" && a.service === "orders");
    expect(orders.map((a) => [a.name, a.severity, a.routes.join(",")])).toEqual([
      ["servio/prod/orders/error-rate/critical", "critical", "chat,email,page"],
      ["servio/prod/orders/error-rate/warning", "warning", "chat,email,ticket"],
      ["servio/prod/orders/high-frequency", "critical", "chat,email,page"],
      ["servio/prod/orders/new-issue", "warning", "chat,email,ticket"],
      ["servio/prod/orders/p95-duration/critical", "warning", "chat,email,ticket"],
      ["servio/prod/orders/p95-duration/warning", "info", "email"],
      ["servio/prod/orders/regression", "warning", "chat,email,ticket"],
    ]);
    const high = orders.find((a) => a.name.endsWith("high-frequency"))!;
    expect(`${high.watches} ${high.condition}`).toBe("Sentry issue (level >= error) > 100 events in 5 min");
    const unrouted = alertsOf(dev).find((a) => a.name === "servio/dev/notifications/new-issue")!;
    expect(unrouted.routes).toEqual([]);
    expect(unrouted.condition).toBe("(not declared: its severity reaches no channel)");
  });

  it("declares nothing in Sentry where the environment has no servio-monitoring:sentry", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const text = fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8");
    const without = text.slice(0, text.indexOf("  # Sentry:"));
    const p = await plan("dev", projectCopy({ "Pulumi.dev.yaml": without }));
    expect(p.resources.filter((r) => r.type.startsWith("sentry:"))).toEqual([]);
    expect(p.outputs.sentryDsns).toBeUndefined();
  });

  it("lists the Sentry projects in the plan summary", () => {
    const summary = renderSummary(prod);
    expect(summary).toContain("Sentry projects: 5\n");
    expect(summary).toContain("  servio/orders         node              checkout    1000 events / 60 s  protected\n");
    expect(renderSummary(dev)).toContain("  servio-dev/orders         node              checkout    100 events / 60 s  -\n");
  });
});
