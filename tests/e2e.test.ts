import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { alertsOf } from "../src/report/alerts";
import type { Plan } from "../src/plan/plan";
import { byName, byType, cli, plan } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";

describe("the offline plan of the Servio catalog", () => {
  let prod: Plan;
  let dev: Plan;
  beforeAll(async () => {
    prod = await plan("prod");
    dev = await plan("dev");
  });

  it("prod critical alarms page the owning service, on their own or through its composite", () => {
    const critical = byType(prod, ALARM).filter((a) => (a.inputs.tags as Record<string, string>).severity === "critical");
    expect(critical.length).toBeGreaterThan(0);
    for (const alarm of critical) {
      const region = alarm.provider ? "us-east-1" : "eu-west-1";
      const suffix = alarm.provider ? "-us-east-1" : "";
      const composite = (alarm.inputs.tags as Record<string, string>).composite;
      // A child of the service's "unhealthy" composite notifies without paging; the composite pages.
      const pager = composite
        ? byType(prod, "aws:cloudwatch/compositeAlarm:CompositeAlarm").find((c) => c.inputs.alarmName === composite)!
        : alarm;
      expect(pager.inputs.alarmActions).toEqual([`arn:aws:sns:${region}:123456789012:servio-prod-critical${suffix}`]);
    }
    const pagesOrders = byName(prod, "prod-critical-page-orders");
    expect(pagesOrders.inputs).toEqual({
      endpoint: "[secret]",
      endpointAutoConfirms: true,
      filterPolicy: '{"AlarmName":[{"prefix":"servio/prod/orders/"}]}',
      filterPolicyScope: "MessageBody",
      protocol: "https",
      topic: "arn:aws:sns:eu-west-1:123456789012:servio-prod-critical",
    });
    const ordersAlert = alertsOf(prod).find((a) => a.name === "servio/prod/orders/unhealthy");
    expect(ordersAlert?.routes).toEqual(["chat", "email", "page"]);
    const child = alertsOf(prod).find((a) => a.name === "servio/prod/orders/alb-target-5xx-rate");
    expect(child?.routes).toEqual(["chat", "email", "ticket"]);
  });

  it("a PagerDuty service per catalog service and an escalation policy per team exist in prod only", () => {
    expect(byType(prod, "pagerduty:index/service:Service").map((s) => s.inputs.name).sort()).toEqual([
      "accounts (prod)", "notifications (prod)", "orders (prod)", "payments (prod)", "web (prod)",
    ]);
    expect(byType(prod, "pagerduty:index/escalationPolicy:EscalationPolicy")).toHaveLength(5);
    expect(dev.resources.filter((r) => r.type.startsWith("pagerduty:"))).toEqual([]);
    expect(alertsOf(dev).filter((a) => a.routes.includes("page"))).toEqual([]);
  });

  it("PagerDuty services are protected in prod", () => {
    expect(byType(prod, "pagerduty:index/service:Service").every((s) => s.protect)).toBe(true);
  });

  it("one topic per severity, in the stack's region and in us-east-1 for uptime checks", () => {
    expect(byType(prod, TOPIC).map((t) => t.inputs.name).sort()).toEqual([
      "servio-prod-critical", "servio-prod-critical-us-east-1", "servio-prod-info",
      "servio-prod-info-us-east-1", "servio-prod-warning", "servio-prod-warning-us-east-1",
    ]);
  });

  it("every alarm names its service, environment and severity and carries runbook and owner", () => {
    for (const p of [prod, dev]) {
      for (const alarm of byType(p, ALARM)) {
        const tags = alarm.inputs.tags as Record<string, string>;
        expect(tags).toEqual(expect.objectContaining({ environment: p.stack, team: expect.any(String), service: expect.any(String) }));
        expect(tags.severity).toMatch(/^(critical|warning|info)$/);
        expect(tags.runbook).toMatch(/^https:\/\/runbooks\.servio\.example\//);
        expect(String(alarm.inputs.alarmDescription)).toContain(`Runbook: ${tags.runbook}`);
        expect(String(alarm.inputs.name)).toBe(`servio/${p.stack}/${tags.service}/${String(alarm.inputs.name).split("/").slice(3).join("/")}`);
      }
    }
  });

  it("every uptime check is an HTTPS Route53 check alarmed in us-east-1", () => {
    const checks = byType(prod, "aws:route53/healthCheck:HealthCheck");
    expect(checks.map((c) => c.inputs.fqdn).sort()).toEqual(["api.servio.example", "api.servio.example", "pay.servio.example", "www.servio.example"]);
    expect(byName(prod, "prod-web-uptime-check").inputs).toEqual({
      enableSni: true,
      failureThreshold: 3,
      fqdn: "www.servio.example",
      measureLatency: true,
      port: 443,
      requestInterval: 30,
      resourcePath: "/healthz",
      tags: expect.objectContaining({ Name: "servio-prod-web", service: "web" }),
      type: "HTTPS",
    });
    const alarms = byType(prod, ALARM).filter((a) => a.inputs.metricName === "HealthCheckStatus");
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.provider).toBe("urn:pulumi:prod::servio-monitoring::pulumi:providers:aws::us-east-1");
      expect(alarm.inputs.treatMissingData).toBe("breaching");
    }
  });

  it("dev mails everything and pages nobody", () => {
    const routes = new Set(alertsOf(dev).flatMap((a) => a.routes));
    expect([...routes]).toEqual(["email"]);
  });

  it("URNs are the ones the real engine builds, with the chain of parent types", () => {
    const alarm = byName(prod, "prod-orders-alb-target-5xx-rate");
    expect(alarm.urn).toBe(
      "urn:pulumi:prod::servio-monitoring::servio:monitoring:ServiceMonitoring$aws:cloudwatch/metricAlarm:MetricAlarm::prod-orders-alb-target-5xx-rate",
    );
    expect(alarm.parent).toBe("urn:pulumi:prod::servio-monitoring::servio:monitoring:ServiceMonitoring::prod-orders");
    const subscription = byName(prod, "prod-critical-email-0");
    expect(subscription.urn).toBe(
      "urn:pulumi:prod::servio-monitoring::servio:monitoring:NotificationRoutes$servio:monitoring:Route$aws:sns/topicSubscription:TopicSubscription::prod-critical-email-0",
    );
  });
});

describe("npm run plan", () => {
  it("prints the summary on stdout and progress on stderr", async () => {
    const r = await cli(["plan", "--stack", "prod"]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain("servio-monitoring · stack prod · eu-west-1\n");
    expect(r.stdout).toMatch(/\n {4}warning {3}alb-target-5xx-rate +ALB target 5xx rate \(.*\) > 1 % +3 of 5 × 1 min +cloudwatch +chat, email, ticket +threshold: catalog\/orders.yaml\n/);
    expect(r.stdout).toMatch(/\n {4}critical {2}unhealthy +Service unhealthy \(composite of 4 alarms\) any child in ALARM +as its children +cloudwatch +chat, email, page +enabled: Pulumi.prod.yaml\n/);
    expect(r.stderr).toBe("planning stack prod offline...\n");
  });

  it("writes the plan as JSON with urn, type, name, parent and inputs", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "servio-plan-")), "plan.json");
    const r = await cli(["plan", "--stack", "prod", "--json", file]);

    expect(r.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
    expect(written.resources.length).toBeGreaterThan(50);
    for (const resource of written.resources) {
      expect(Object.keys(resource)).toEqual(expect.arrayContaining(["urn", "type", "name", "inputs"]));
    }
  });

  it("is deterministic: two runs write byte-identical plans and summaries", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "servio-plan-"));
    const a = await cli(["plan", "--stack", "prod", "--json", path.join(dir, "a.json")]);
    const b = await cli(["plan", "--stack", "prod", "--json", path.join(dir, "b.json")]);

    expect(a.stdout).toBe(b.stdout);
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "b.json"), "utf8"));
  });

  it("never prints a secret: secure config values and secret outputs are [secret]", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "servio-plan-")), "plan.json");
    const r = await cli(["plan", "--stack", "prod", "--json", file]);
    const json = fs.readFileSync(file, "utf8");
    const written = JSON.parse(json) as Plan;

    const webhook = written.resources.find((x) => x.name === "prod-warning-ticket");
    expect(webhook?.inputs.endpoint).toBe("[secret]");
    for (const text of [json, r.stdout, r.stderr]) {
      expect(text).not.toMatch(/events\.pagerduty\.com\/integration\/[0-9a-f]+/);
      expect(text).not.toContain("v1:dGlja2V0"); // the ciphertext of the webhook URL
    }
  });
});
