/** The prod on-call setup: teams, schedules, escalation, services and integrations. */
import { checkPlan } from "../src/checks";
import type { Plan } from "../src/plan/plan";
import { byName, byType, plan } from "./helpers";

const TEAMS = ["checkout", "identity", "payments", "platform", "storefront"];

let prod: Plan;
beforeAll(async () => {
  prod = await plan("prod");
});

describe("prod on-call", () => {
  it("sets up every team that owns a service, with its people as responders", () => {
    expect(byType(prod, "pagerduty:index/team:Team").map((t) => t.inputs.name).sort()).toEqual(
      ["Checkout (prod)", "Identity (prod)", "Payments (prod)", "Platform (prod)", "Storefront (prod)"],
    );
    const members = byType(prod, "pagerduty:index/teamMembership:TeamMembership");
    expect(members).toHaveLength(10);
    expect(new Set(members.map((m) => m.inputs.role))).toEqual(new Set(["responder"]));
  });

  it("gives each team a weekly primary and secondary schedule from config, never from the clock", () => {
    const primary = byName(prod, "prod-checkout-primary");
    const secondary = byName(prod, "prod-checkout-secondary");
    const user = (email: string) => userId(prod, email);
    expect(primary.inputs).toMatchObject({
      name: "Checkout primary (prod)",
      timeZone: "Europe/Berlin",
      layers: [{
        name: "Checkout primary weekly",
        start: "2026-01-05T10:00:00+01:00",
        rotationVirtualStart: "2026-01-05T10:00:00+01:00",
        rotationTurnLengthSeconds: 604_800,
        users: [user("chen.wei@servio.example"), user("dana.kowalski@servio.example")],
        restrictions: [],
      }],
    });
    // The secondary is the next person in the rotation, so nobody is both at once.
    expect((secondary.inputs.layers as { users: string[] }[])[0].users).toEqual(
      [user("dana.kowalski@servio.example"), user("chen.wei@servio.example")],
    );
    expect(byType(prod, "pagerduty:index/schedule:Schedule")).toHaveLength(2 * TEAMS.length);
  });

  it("escalates from the primary to the secondary schedule, 15 minutes apart, twice over", () => {
    for (const team of TEAMS) {
      const policy = byName(prod, `prod-${team}`, "pagerduty:index/escalationPolicy:EscalationPolicy");
      expect(policy.inputs.numLoops).toBe(2);
      const rules = policy.inputs.rules as { escalationDelayInMinutes: number; targets: { type: string }[] }[];
      expect(rules.map((r) => r.escalationDelayInMinutes)).toEqual([15, 15]);
      expect(rules.map((r) => r.targets.map((t) => t.type))).toEqual([["schedule_reference"], ["schedule_reference"]]);
      const levels = byName(prod, `prod-${team}`, "servio:monitoring:TeamOnCall").inputs.levels;
      expect(levels).toEqual([
        { rotation: "primary", delayMinutes: 15, schedule: `prod-${team}-primary` },
        { rotation: "secondary", delayMinutes: 15, schedule: `prod-${team}-secondary` },
      ]);
    }
  });

  it("declares a protected service per catalog service, urgent by severity, linking runbook and post-mortem", () => {
    const orders = byName(prod, "prod-orders", "pagerduty:index/service:Service");
    expect(orders.protect).toBe(true);
    expect(orders.inputs).toMatchObject({
      name: "orders (prod)",
      acknowledgementTimeout: "1800",
      autoResolveTimeout: "14400",
      alertCreation: "create_alerts_and_incidents",
      incidentUrgencyRule: { type: "constant", urgency: "severity_based" },
    });
    expect(orders.inputs.description).toContain("Runbook: https://runbooks.servio.example/orders");
    expect(orders.inputs.description).toContain("Post-mortem template: https://github.com/servio/servio-monitoring/blob/main/docs/generated/prod/postmortem.md");
    expect(orders.inputs.supportHours).toBeUndefined();
  });

  it("pages tier-3 services at high urgency only in support hours", () => {
    const notifications = byName(prod, "prod-notifications", "pagerduty:index/service:Service");
    expect(notifications.inputs).toMatchObject({
      incidentUrgencyRule: {
        type: "use_support_hours",
        duringSupportHours: { type: "constant", urgency: "severity_based" },
        outsideSupportHours: { type: "constant", urgency: "low" },
      },
      supportHours: { type: "fixed_time_per_day", timeZone: "Europe/Berlin", startTime: "09:00:00", endTime: "18:00:00", daysOfWeeks: [1, 2, 3, 4, 5] },
      scheduledActions: [{ type: "urgency_change", toUrgency: "high", ats: [{ type: "named_time", name: "support_hours_start" }] }],
    });
  });

  it("integrates CloudWatch, Sentry and Datadog with every service", () => {
    const integrations = byType(prod, "pagerduty:index/serviceIntegration:ServiceIntegration");
    expect(integrations.map((i) => i.name).filter((n) => n.startsWith("prod-orders-")).sort()).toEqual(
      ["prod-orders-cloudwatch", "prod-orders-datadog", "prod-orders-sentry"],
    );
    expect(new Set(integrations.map((i) => i.inputs.name))).toEqual(new Set(["Amazon CloudWatch", "Sentry", "Datadog"]));
    expect(integrations).toHaveLength(15);
    expect(integrations.every((i) => typeof i.inputs.vendor === "string" && /^P[0-9A-F]{6}$/.test(String(i.inputs.vendor)))).toBe(true);
  });

  it("never shows an integration key: the paging subscriptions hold them as secrets", () => {
    const paging = byType(prod, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.filterPolicy);
    expect(paging.length).toBeGreaterThan(0);
    expect(new Set(paging.map((s) => s.inputs.endpoint))).toEqual(new Set(["[secret]"]));
  });

  it("passes every plan check", () => {
    expect(checkPlan(prod)).toEqual([]);
  });
});

function userId(p: Plan, email: string): string {
  const oncall = byType(p, "servio:monitoring:OnCall")[0];
  const person = (oncall.inputs.people as { email: string; id: string }[]).find((x) => x.email === email);
  if (!person) throw new Error(`no PagerDuty user ${email}`);
  return person.id;
}
