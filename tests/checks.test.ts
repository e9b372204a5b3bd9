import { checkPlan, formatFinding } from "../src/checks";
import type { Json, Plan, PlanResource } from "../src/plan/plan";

const STACK = "urn:pulumi:prod::servio-monitoring::pulumi:pulumi:Stack::servio-monitoring-prod";

function resource(type: string, name: string, inputs: Record<string, Json>, extra: Partial<PlanResource> = {}): PlanResource {
  return { urn: `urn:pulumi:prod::servio-monitoring::${type}::${name}`, type, name, parent: STACK, custom: true, protect: false, retainOnDelete: false, inputs, ...extra };
}

function planOf(...resources: PlanResource[]): Plan {
  return { project: "servio-monitoring", stack: "prod", region: "eu-west-1", resources, outputs: {} };
}

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:servio-prod-critical";

/** A valid single-metric alarm; each case breaks one thing. */
const good: Record<string, Json> = {
  name: "servio/prod/orders/alb-target-p99-latency",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 1.5,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  namespace: "AWS/ApplicationELB",
  metricName: "TargetResponseTime",
  extendedStatistic: "p99",
  period: 60,
  dimensions: { LoadBalancer: "app/servio-prod-public/50dc6c495c0c9188" },
  alarmActions: [TOPIC_ARN],
  treatMissingData: "notBreaching",
};

const goodMath: Record<string, Json> = {
  ...good,
  namespace: null, metricName: null, extendedStatistic: null, period: null, dimensions: null,
  metricQueries: [
    { id: "errors", returnData: false, metric: { namespace: "AWS/Lambda", metricName: "Errors", stat: "Sum", period: 60, dimensions: { FunctionName: "f" } } },
    { id: "requests", returnData: false, metric: { namespace: "AWS/Lambda", metricName: "Invocations", stat: "Sum", period: 60, dimensions: { FunctionName: "f" } } },
    { id: "rate", returnData: true, expression: "100 * FILL(errors, 0) / requests" },
  ],
};
for (const k of ["namespace", "metricName", "extendedStatistic", "period", "dimensions"]) delete goodMath[k];

function findings(inputs: Record<string, Json>, extra: Partial<PlanResource> = {}, more: PlanResource[] = []): string[] {
  return checkPlan(planOf(resource(ALARM, "a", inputs, extra), ...more)).map(formatFinding);
}

describe("CloudWatch alarms are held to what PutMetricAlarm accepts", () => {
  it("accepts the well-formed alarms", () => {
    expect(findings(good)).toEqual([]);
    expect(findings(goodMath)).toEqual([]);
  });

  it.each<[string, Record<string, Json>, string]>([
    ["a name over 255 characters", { name: "x".repeat(256) }, 'name: is 256 characters long; CloudWatch accepts 1 to 255'],
    ["a period CloudWatch does not accept", { period: 45 }, "period: 45 s is not a period CloudWatch accepts\n    hint: use 10, 30 or a multiple of 60 seconds"],
    ["a window longer than a day", { period: 3600, evaluationPeriods: 25, datapointsToAlarm: 1 }, "evaluationPeriods: the window (3600 s × 25) is longer than one day"],
    ["more datapoints than evaluation periods", { datapointsToAlarm: 6 }, "datapointsToAlarm: 6 is not between 1 and evaluationPeriods (5)\n    hint: the alarm could never breach"],
    ["an unknown comparison", { comparisonOperator: "GreaterThan" }, 'comparisonOperator: "GreaterThan" is not one of'],
    ["an unknown missing-data treatment", { treatMissingData: "zero" }, 'treatMissingData: "zero" is not one of breaching, notBreaching, ignore, missing'],
    ["both statistic and extendedStatistic", { statistic: "Average" }, "statistic: must not be set together with extendedStatistic"],
    ["a malformed percentile", { extendedStatistic: "99th" }, 'extendedStatistic: "99th" is not a percentile statistic'],
    ["more than five actions", { alarmActions: Array(6).fill(TOPIC_ARN) }, "alarmActions: has 6 actions; CloudWatch accepts at most 5"],
    ["an action in another region", { alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"] }, "alarmActions[0]: publishes to an SNS topic in us-east-1, but the alarm is in eu-west-1\n    hint: an alarm's actions must be in its own region"],
    ["a tag value over 256 characters", { tags: { runbook: `https://x.example/${"a".repeat(250)}` } }, "tags.runbook: value is 268 characters long; AWS accepts at most 256"],
    ["a band comparison without a band", { comparisonOperator: "LessThanLowerThreshold" }, "thresholdMetricId: is required with an anomaly-band comparison"],
  ])("refuses %s", (_name, change, message) => {
    expect(findings({ ...good, ...change }).join("\n")).toContain(message);
  });

  it.each<[string, (q: Json[]) => Json[], string]>([
    ["a malformed query id", (q) => [{ ...(q[0] as object), id: "Errors" }, q[1], { ...(q[2] as object), expression: "100 * FILL(Errors, 0) / requests" }], 'metricQueries[0].id: "Errors" is not a valid query id'],
    ["no returned series", (q) => [q[0], q[1], { ...(q[2] as object), returnData: false }], "metricQueries: returns 0 series; an alarm needs exactly one query with returnData true"],
    ["an expression naming an undefined query", (q) => [q[0], q[1], { ...(q[2] as object), expression: "100 * errors / invocations" }], 'metricQueries[2].expression: refers to "invocations", which no query defines'],
    ["more than ten metrics", (q) => [...Array.from({ length: 11 }, (_, i) => ({ ...(q[0] as object), id: `m${i}` })), q[2]], "metricQueries: uses 11 metrics; a metric math alarm accepts at most 10"],
    ["unbalanced parentheses", (q) => [q[0], q[1], { ...(q[2] as object), expression: "100 * (errors / requests" }], "metricQueries[2].expression: has unbalanced parentheses"],
  ])("refuses metric math with %s", (_name, change, message) => {
    const queries = change(goodMath.metricQueries as Json[]);
    expect(findings({ ...goodMath, metricQueries: queries }).join("\n")).toContain(message);
  });

  it("names the resource, the field and the level in each finding", () => {
    expect(findings({ ...good, period: 45 })[0]).toBe(
      'error: aws:cloudwatch/metricAlarm:MetricAlarm "a" period: 45 s is not a period CloudWatch accepts\n    hint: use 10, 30 or a multiple of 60 seconds',
    );
  });

  it("reads the alarm's region from its explicit provider", () => {
    const provider = resource("pulumi:providers:aws", "us-east-1", { region: "us-east-1" });
    const alarm = { ...good, alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"] };
    expect(findings(alarm, { provider: provider.urn }, [provider])).toEqual([]);
  });
});

describe("Route53 health checks and SNS subscriptions are held to their APIs", () => {
  const check = { type: "HTTPS", fqdn: "www.servio.example", port: 443, resourcePath: "/healthz", requestInterval: 30, failureThreshold: 3 };
  const run = (type: string, inputs: Record<string, Json>) => checkPlan(planOf(resource(type, "r", inputs))).map((f) => `${f.field}: ${f.message}`);

  it.each<[string, Record<string, Json>, string]>([
    ["an interval other than 10 or 30 s", { requestInterval: 60 }, "requestInterval: 60 s is not accepted"],
    ["a failure threshold over 10", { failureThreshold: 11 }, "failureThreshold: 11 is not between 1 and 10"],
    ["a port out of range", { port: 70000 }, "port: 70000 is not a TCP port"],
    ["an unknown type", { type: "HTTPS2" }, 'type: "HTTPS2" is not one of'],
    ["fewer than three checker regions", { regions: ["us-east-1", "eu-west-1"] }, "regions: lists 2 regions; Route 53 needs at least 3"],
  ])("refuses a health check with %s", (_name, change, message) => {
    expect(run("aws:route53/healthCheck:HealthCheck", { ...check, ...change }).join("\n")).toContain(message);
  });

  it("refuses an e-mail subscription to something that is not an address", () => {
    expect(run("aws:sns/topicSubscription:TopicSubscription", { protocol: "email", endpoint: "sre", topic: TOPIC_ARN })).toEqual([
      'endpoint: "sre" is not an e-mail address',
    ]);
  });

  it("refuses a filter policy that is not JSON", () => {
    const inputs = { protocol: "https", endpoint: "[secret]", topic: TOPIC_ARN, filterPolicy: "{AlarmName", filterPolicyScope: "MessageBody" };
    expect(run("aws:sns/topicSubscription:TopicSubscription", inputs)).toEqual(["filterPolicy: is not valid JSON"]);
  });
});

describe("a plan the APIs would refuse fails `npm run plan`", () => {
  it("the real plans pass every check", async () => {
    const { plan } = await import("./helpers");
    for (const stack of ["dev", "prod"]) expect(checkPlan(await plan(stack)).map(formatFinding)).toEqual([]);
  });
});

describe("a finding stops the plan", () => {
  it("a component change the API would refuse fails the plan and writes nothing", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { cli, projectCopy, PROJECT_DIR } = await import("./helpers");
    const file = "components/service-monitoring.ts";
    const source = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
    const dir = projectCopy({ [file]: source.replace("requestInterval: 30", "requestInterval: 20") });
    const r = await cli(["plan", "--json", path.join(dir, "plan.json")], dir);

    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error: aws:route53/healthCheck:HealthCheck "dev-web-uptime-check" requestInterval: 20 s is not accepted
    hint: Route 53 checks every 10 or 30 seconds`);
    expect(r.stderr).toMatch(/4 checks failed: the APIs would refuse this plan\. Nothing was written\.\n$/);
    expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
  });
});
