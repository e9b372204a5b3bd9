/**
 * The review diff, computed from two in-memory plans: the real prod plan as the base, and a
 * head that is a changed copy (planned from a changed catalog, or edited resource by resource).
 */
import * as fs from "node:fs";
import * as path from "node:path";

import type { Plan } from "../src/plan/plan";
import { alertsOf } from "../src/report/alerts";
import { diffPlans, type StackDiff } from "../src/report/diff";
import { MAX_MARKDOWN, renderDiffJson, renderDiffMarkdown } from "../src/report/diff-markdown";
import { plan, PROJECT_DIR, projectCopy } from "./helpers";

const ALARMS = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"];
const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");
let base: Plan;

beforeAll(async () => {
  base = await plan("prod");
});

/** A copy of the base plan with `edit` applied to a deep copy of its resources. */
function edited(edit: (p: Plan) => void): Plan {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

function alarm(p: Plan, name: string) {
  const found = p.resources.find((r) => ALARMS.includes(r.type) && (r.inputs.name ?? r.inputs.alarmName) === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
}

const markdown = (d: StackDiff) => renderDiffMarkdown([d], { base: "main" });

describe("the alert diff of two plans", () => {
  it("says there are no alert changes when nothing changed", () => {
    const d = diffPlans("prod", base, structuredClone(base));
    expect(d).toEqual({ stack: "prod", presence: "both", dangerous: [], added: [], removed: [], changed: [], resources: [] });
    expect(markdown(d)).toBe("<!-- servio-monitoring:diff -->\n## Monitoring changes against `main`\n\n### Stack `prod`\n\nNo alert changes.\n");
  });

  it("names exactly a threshold changed in a catalog file, with its unit", async () => {
    const dir = projectCopy({
      "catalog/orders.yaml": orders.replace("\nalarms:\n", "\nalarms:\n  albTargetP99Latency:\n    threshold: 300\n"),
    });
    const d = diffPlans("prod", base, await plan("prod", dir));

    expect(d.changed.map((c) => [c.after.name, c.fields])).toEqual([
      ["servio/prod/orders/alb-target-p99-latency", [{ field: "threshold", before: "> 1500 ms", after: "> 300 ms" }]],
    ]);
    expect({ ...d, changed: [] }).toEqual({ stack: "prod", presence: "both", dangerous: [], added: [], removed: [], changed: [], resources: [] });
    expect(markdown(d)).toContain("#### Alerts changed (1)\n- `servio/prod/orders/alb-target-p99-latency` (orders)\n  - threshold: > 1500 ms -> > 300 ms\n");
  });

  it("shows a severity change with its new routes, and paging turned off as dangerous", () => {
    const head = edited((p) => {
      const a = alarm(p, "servio/prod/orders/unhealthy");
      const warning = alarm(p, "servio/prod/orders/alb-target-p99-latency").inputs.alarmActions;
      Object.assign(a.inputs, { alarmActions: warning, okActions: warning, tags: { ...(a.inputs.tags as object), severity: "warning" } });
    });
    const d = diffPlans("prod", base, head);

    expect(d.changed[0].fields).toEqual([
      { field: "severity", before: "critical", after: "warning" },
      { field: "routes", before: "chat, email, page", after: "chat, email, ticket" },
    ]);
    expect(d.dangerous).toEqual([{
      kind: "paging-turned-off",
      urn: alarm(base, "servio/prod/orders/unhealthy").urn,
      message: "paging turned off: servio/prod/orders/unhealthy paged through page, now reaches only chat, email, ticket",
    }]);
    expect(markdown(d).indexOf("Dangerous changes")).toBeLessThan(markdown(d).indexOf("Alerts changed"));
  });

  it("shows a route change of every alert of a severity, and counts the other resources", () => {
    const head = edited((p) => {
      const route = p.resources.find((r) => r.name === "prod-critical-email")!;
      p.resources = p.resources.filter((r) => r !== route && r.parent !== route.urn);
    });
    const d = diffPlans("prod", base, head);

    // Uptime alarms publish to the us-east-1 topics, whose routes are untouched; Sentry rules
    // e-mail the team themselves, not through the topic.
    const critical = alertsOf(base).filter(
      (a) => a.severity === "critical" && a.kind !== "uptime" && a.source === "cloudwatch",
    );
    expect(d.changed).toHaveLength(critical.length);
    expect(new Set(d.changed.map((c) => JSON.stringify(c.fields)))).toEqual(
      new Set([JSON.stringify([{ field: "routes", before: "chat, email, page", after: "chat, page" }])]),
    );
    expect(d.dangerous).toEqual([]);
    expect(d.resources).toEqual([{ type: "aws:sns/topicSubscription:TopicSubscription", created: 0, deleted: 1, updated: 0 }]);
  });

  it("lists an alert added, and an alert removed also as dangerous", () => {
    const uptime = alarm(base, "servio/prod/web/uptime");
    const without = edited((p) => {
      p.resources = p.resources.filter((r) => r.urn !== uptime.urn);
    });

    const added = diffPlans("prod", without, base);
    expect(added.added.map((a) => a.name)).toEqual(["servio/prod/web/uptime"]);
    expect(added.dangerous).toEqual([]);
    expect(markdown(added)).toContain("#### Alerts added (1)\n- `servio/prod/web/uptime` (web, critical): Uptime check failing (AWS/Route53 HealthCheckStatus Minimum) < 1, 2 of 2 × 1 min; routes chat, email, page; runbook https://runbooks.servio.example/web\n");

    const removed = diffPlans("prod", base, without);
    expect(removed.removed.map((a) => a.name)).toEqual(["servio/prod/web/uptime"]);
    expect(removed.dangerous.map((x) => x.message)).toEqual([
      "alert removed: servio/prod/web/uptime (web, critical, routes chat, email, page)",
    ]);
  });

  it("shows a renamed service as renamed alerts, and the PagerDuty service it deletes as dangerous", () => {
    const head = JSON.parse(JSON.stringify(base).replaceAll("orders", "shop")) as Plan;
    const d = diffPlans("prod", base, head);

    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    const ordersAlerts = alertsOf(base).filter((a) => a.service === "orders");
    expect(d.changed).toHaveLength(ordersAlerts.length);
    expect(d.changed.filter((c) => !c.renamed || c.before.service !== "orders" || c.after.service !== "shop")).toEqual([]);
    expect(d.changed.map((c) => [c.before.name, c.after.name])).toContainEqual(
      ["servio/prod/orders/alb-target-5xx-rate", "servio/prod/shop/alb-target-5xx-rate"],
    );
    expect(markdown(d)).toContain("- `servio/prod/orders/uptime` renamed to `servio/prod/shop/uptime` (shop)\n  - service: orders -> shop\n");
    expect(d.dangerous.map((x) => x.message)).toEqual([
      'deleted: pagerduty:index/service:Service "prod-orders" (protected); loses its incident history',
      'deleted: sentry:index/sentryProject:SentryProject "prod-orders-project" (protected); loses its issues and events',
      'deleted: aws:cloudwatch/logGroup:LogGroup "prod-orders-logs-group" (protected); loses its log events',
    ]);
  });

  it("pairs an alarm whose resource is renamed within its service as a rename", () => {
    const head = edited((p) => {
      const a = alarm(p, "servio/prod/web/uptime");
      a.urn = `${a.urn}-v2`;
      a.inputs.name = "servio/prod/web/uptime-https";
    });
    const d = diffPlans("prod", base, head);
    expect(d.changed.map((c) => [c.renamed, c.fields])).toEqual([
      [true, [{ field: "name", before: "servio/prod/web/uptime", after: "servio/prod/web/uptime-https" }]],
    ]);
    expect(d.dangerous).toEqual([]);
  });

  it("puts a removed service first: every alert removed and its PagerDuty service deleted", async () => {
    // Removing a service also removes its id in Sentry's PagerDuty integration.
    const prod = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
    const copy = projectCopy({
      "catalog/orders.yaml": null,
      "Pulumi.prod.yaml": prod.replace(/^ +orders: \d+\n/m, ""),
    });
    const d = diffPlans("prod", base, await plan("prod", copy));

    const ordersAlerts = alertsOf(base).filter((a) => a.service === "orders");
    const messages = d.dangerous.map((x) => x.message);
    expect(messages).toHaveLength(ordersAlerts.length + 3);
    expect(messages).toContain("alert removed: servio/prod/orders/unhealthy (orders, critical, routes chat, email, page)");
    expect(messages).toContain("alert removed: servio/prod/orders/alb-target-5xx-rate (orders, warning, routes chat, email, ticket)");
    expect(messages.slice(-3)).toEqual([
      'deleted: pagerduty:index/service:Service "prod-orders" (protected); loses its incident history',
      'deleted: sentry:index/sentryProject:SentryProject "prod-orders-project" (protected); loses its issues and events',
      'deleted: aws:cloudwatch/logGroup:LogGroup "prod-orders-logs-group" (protected); loses its log events',
    ]);
    expect(markdown(d)).toMatch(
      new RegExp(`^<!-- servio-monitoring:diff -->\n## Monitoring changes against \`main\`\n\n### Stack \`prod\`\n\n#### ⚠️ Dangerous changes \\(${messages.length}\\)\n`),
    );
  });

  it("reports a stack that exists on one side only", () => {
    const d = diffPlans("staging", undefined, base);
    expect(d.presence).toBe("added");
    expect(d.added).toHaveLength(alertsOf(base).length);
    expect(markdown(d)).toContain("### Stack `staging` (new stack)\n");
  });

  it("renders JSON for tools with every field", () => {
    const json = JSON.parse(renderDiffJson([diffPlans("prod", base, base)], "main"));
    expect(json).toEqual({ base: "main", stacks: [{ stack: "prod", presence: "both", dangerous: [], added: [], removed: [], changed: [], resources: [] }] });
  });
});

describe("the size of the comment", () => {
  const many = (n: number): StackDiff => {
    const a = alertsOf(base)[0];
    const added = Array.from({ length: n }, (_, i) => ({ ...a, urn: `${a.urn}-${i}`, name: `${a.name}-${String(i).padStart(5, "0")}` }));
    return { ...diffPlans("prod", base, base), added };
  };

  it("stays under 60,000 characters and says what was cut", () => {
    const text = renderDiffMarkdown([many(2000)], { base: "main" });
    expect(text.length).toBeLessThanOrEqual(MAX_MARKDOWN);
    expect(text).toMatch(/\n_Cut: \d+ more lines \(stacks: prod\) to stay under 60,000 characters\. Run `npm run diff` locally for the whole diff\._\n$/);
    expect(text).toContain("#### Alerts added (2000)");
  });

  it("is not cut when it fits", () => {
    expect(renderDiffMarkdown([many(10)], { base: "main" })).not.toContain("_Cut:");
  });
});
