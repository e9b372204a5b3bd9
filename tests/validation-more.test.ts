/**
 * Values the schema used to accept but a vendor refuses at `pulumi up` (duplicate URNs, AWS
 * tags, Chatbot names, Sentry counts, health URLs, placeholders, team names), and messages
 * that used to be vague: each with exactly what the user is told.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import * as aws from "@pulumi/aws";

import { checkPlan, formatFinding } from "../src/checks";
import type { Json, Plan, PlanResource } from "../src/plan/plan";
import { planStack, ProgramError } from "../src/plan/engine";
import { cli, PROJECT_DIR, projectCopy } from "./helpers";

jest.setTimeout(120_000);

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const orders = read("catalog/orders.yaml");
const dev = read("Pulumi.dev.yaml");
const prod = read("Pulumi.prod.yaml");
const teams = read("teams.yaml");
const payments = read("catalog/payments.yaml");
const withExpression = (e: string) => ({ "catalog/payments.yaml": payments.replace("expression: 100 * declined / (captured + declined)", `expression: ${e}`) });
const health = "https://api.servio.example/orders/healthz";
const withHealth = (url: string) => ({ "catalog/orders.yaml": orders.replace(health, url) });

interface Case {
  files: Record<string, string | null>;
  stack?: string;
  problems: string;
}

const cases: Record<string, Case> = {
  // 1: a channel listed twice would subscribe it twice under the same URN.
  "a channel routed twice is named at its line": {
    files: { "Pulumi.dev.yaml": dev.replace("critical: [email]", "critical: [email, email]") },
    problems: `  Pulumi.dev.yaml:10 config.servio-monitoring:routing.critical[1]: lists "email" twice
    hint: entry 1 already lists it; remove one (each channel once)`,
  },
  "an e-mail address listed twice in a channel": {
    files: { "Pulumi.dev.yaml": dev.replace("- sre-dev@servio.example", "- sre-dev@servio.example\n        - sre-dev@servio.example") },
    problems: `  Pulumi.dev.yaml:9 config.servio-monitoring:channels.email.addresses[1]: lists "sre-dev@servio.example" twice
    hint: entry 1 already lists it; remove one (each address once)`,
  },
  "a business metric listed twice": {
    files: { "catalog/orders.yaml": orders.replace("    - name: OrderValue", "    - name: OrdersPlaced") },
    problems: `  catalog/orders.yaml:26 businessMetrics.metrics[1]: lists "OrdersPlaced" twice
    hint: entry 1 already lists it; remove one (each metric once)`,
  },
  "a resource listed twice (Lambda functions, SQS queues, Auto Scaling groups, replicas)": {
    files: {
      "catalog/orders.yaml": orders
        .replace("  rdsInstance:", '  lambdaFunctions: ["f-{env}", "f-{env}"]\n  sqsQueues:\n    - name: q\n    - name: q\n  autoScalingGroups: [g, g]\n  dynamodbTables: [t, t]\n  rdsInstance:')
        .replace("      maxConnections: 1700   # db.r6g.xlarge, PostgreSQL default", "      maxConnections: 1700\n      readReplicas: [r, r]"),
    },
    problems: `  catalog/orders.yaml:15 resources.lambdaFunctions[1]: lists "f-{env}" twice
    hint: entry 1 already lists it; remove one (each function once)
  catalog/orders.yaml:18 resources.sqsQueues[1]: lists "q" twice
    hint: entry 1 already lists it; remove one (each queue once)
  catalog/orders.yaml:19 resources.autoScalingGroups[1]: lists "g" twice
    hint: entry 1 already lists it; remove one (each group once)
  catalog/orders.yaml:20 resources.dynamodbTables[1]: lists "t" twice
    hint: entry 1 already lists it; remove one (each table once)
  catalog/orders.yaml:26 resources.databases.servio-{env}-orders.readReplicas[1]: lists "r" twice
    hint: entry 1 already lists it; remove one (each replica once)`,
  },
  "a custom metric id used twice": {
    files: { "catalog/orders.yaml": orders.replace("logs:\n", `${orders.slice(orders.indexOf("  - id: checkout-p99"), orders.indexOf("logs:\n"))}logs:\n`) },
    problems: `  catalog/orders.yaml:46 customMetrics[1]: lists "checkout-p99" twice
    hint: entry 1 already lists it; remove one (each id once)`,
  },
  // 2: the runbook is copied into AWS tags.
  "a runbook with a query string and fragment cannot be an AWS tag value": {
    files: { "catalog/orders.yaml": orders.replace("https://runbooks.servio.example/orders", "https://wiki.servio.example/pages/viewpage.action?pageId=123&x=%20y#section-2") },
    problems: `  catalog/orders.yaml:5 runbook: contains "?", "&", "%", "#", which an AWS tag value cannot hold (the runbook is copied into the tags of alarms and log groups)
    hint: link a page without a query string or fragment, or a short link`,
  },
  // 3: an alarm key typo suggests the key.
  "a typo in a catalog alarm key suggests the key": {
    files: { "catalog/orders.yaml": orders.replace("albTarget5xxRate:", "albTarget5xxrate:") },
    problems: `  catalog/orders.yaml:31 alarms.albTarget5xxrate: unknown key "albTarget5xxrate"
    hint: did you mean "albTarget5xxRate"?`,
  },
  "a typo in an environment alarm key suggests the key": {
    files: { "Pulumi.dev.yaml": dev.replace("    albTarget5xxRate:", "    albTarget5xxrate:") },
    problems: `  Pulumi.dev.yaml:15 config.servio-monitoring:alarms.albTarget5xxrate: unknown key "albTarget5xxrate"
    hint: did you mean "albTarget5xxRate"?`,
  },
  "an alarm key far from any lists them all": {
    files: { "Pulumi.dev.yaml": dev.replace("    albTarget5xxRate:", "    zzz:") },
    problems: '  Pulumi.dev.yaml:15 config.servio-monitoring:alarms.zzz: unknown key "zzz"\n    hint: allowed: "albTarget5xxRate", "albTargetP99Latency",',
  },
  // 4: placeholders.
  "a placeholder other than {env} is refused": {
    files: { "catalog/orders.yaml": orders.replace("cluster: servio-{env}", "cluster: servio-{stack}").replace("rdsInstance: servio-{env}-orders", "rdsInstance: servio-{Env}-orders") },
    problems: `  catalog/orders.yaml:13 resources.ecsService.cluster: unknown placeholder "{stack}"
    hint: did you mean "{env}"? ({env} is the only placeholder)
  catalog/orders.yaml:15 resources.rdsInstance: unknown placeholder "{Env}"
    hint: did you mean "{env}"? ({env} is the only placeholder)`,
  },
  "a placeholder typo in a custom metric's dimensions is refused": {
    files: { "catalog/orders.yaml": orders.replace('Environment: "{env}"', 'Environment: "{Env}"') },
    problems: `  catalog/orders.yaml:41 customMetrics[0].metric.dimensions.Environment: unknown placeholder "{Env}"
    hint: did you mean "{env}"? ({env} is the only placeholder)`,
  },
  // 5: team display names.
  "a team displayName over 64 characters": {
    files: { "teams.yaml": teams.replace("displayName: Storefront", `displayName: ${"S".repeat(300)}`) },
    problems: `  teams.yaml:5 teams.storefront.displayName: must be at most 64 characters long, found "${"S".repeat(57)}..."`,
  },
  "two teams with one displayName name both teams": {
    files: { "teams.yaml": teams.replace("displayName: Payments", "displayName: Checkout") },
    problems: `  teams.yaml:13 teams.payments.displayName: "Checkout" is also the displayName of team "checkout"
    hint: teams "checkout" and "payments" would get PagerDuty teams and escalation policies of the same name; give each its own displayName`,
  },
  // 6: other vendor limits.
  "a Sentry key rate limit over 32 bits": {
    files: { "Pulumi.dev.yaml": dev.replace("count: 100", "count: 99999999999999") },
    problems: "  Pulumi.dev.yaml:46 config.servio-monitoring:sentry.keyRateLimit.count: must be at most 2147483647, found number 99999999999999",
  },
  "a health URL with an empty DNS label": {
    files: withHealth("https://a..b/h"),
    problems: `  catalog/orders.yaml:7 health.url: host "a..b" is not a valid DNS name: it has an empty label
    hint: each dot-separated label: 1 to 63 letters, digits and -, not starting or ending with -`,
  },
  "a health URL with a label starting with a hyphen": {
    files: withHealth("https://-bad-.example/h"),
    problems: `  catalog/orders.yaml:7 health.url: host "-bad-.example" is not a valid DNS name: it has the label "-bad-"
    hint: each dot-separated label: 1 to 63 letters, digits and -, not starting or ending with -`,
  },
  "a health URL without a host": {
    files: withHealth("https:///h"),
    problems: '  catalog/orders.yaml:7 health.url: has no host name after https://, found "https:///h"',
  },
  "a health URL with credentials": {
    files: withHealth("https://user:pass@host.example/h"),
    problems: `  catalog/orders.yaml:7 health.url: must not contain a user name or password
    hint: a Route 53 health check sends no credentials; check a public health endpoint`,
  },
  "a health URL with a port out of range": {
    files: withHealth("https://api.servio.example:99999/h"),
    problems: "  catalog/orders.yaml:7 health.url: port 99999 is out of range (1 to 65535)",
  },
  // 7: clearer messages.
  "a bad record key gives the rule a key follows": {
    files: { "Pulumi.dev.yaml": dev.replace("    email:\n      type: email", "    Bad_Key:\n      type: pagerduty\n    email:\n      type: email") },
    problems: '  Pulumi.dev.yaml:5 config.servio-monitoring:channels.Bad_Key: key "Bad_Key" must be lower-case letters, digits and dashes, starting with a letter',
  },
  "a bad query id key gives the rule": {
    files: { "catalog/payments.yaml": payments.replace("      captured:\n", "      Captured:\n") },
    problems: '  catalog/payments.yaml:33 customMetrics[0].metrics.Captured: key "Captured" must be a metric-math query id: a lower-case letter, then letters, digits and _',
  },
  "an error-pattern id over 64 characters gives the limit": {
    files: { "catalog/orders.yaml": orders.replace("    order-failed:", `    o${"x".repeat(64)}:`) },
    problems: `  catalog/orders.yaml:49 logs.errorPatterns.o${"x".repeat(64)}: key "o${"x".repeat(64)}" must be at most 64 characters long`,
  },
  "an unknown channel type lists the types": {
    files: { "Pulumi.dev.yaml": dev.replace("    email:\n      type: email", "    sms:\n      type: sms\n    email:\n      type: email") },
    problems: `  Pulumi.dev.yaml:6 config.servio-monitoring:channels.sms.type: "sms" is not a channel type
    hint: allowed types: "pagerduty", "email", "webhook", "slack"`,
  },
  "a fraction where an integer is expected": {
    files: { "catalog/orders.yaml": orders.replace("maxConnections: 1700", "maxConnections: 1700.5") },
    problems: "  catalog/orders.yaml:19 resources.databases.servio-{env}-orders.maxConnections: expected an integer, found number 1700.5",
  },
  "an empty catalog file says what it should hold": {
    files: { "catalog/orders.yaml": "" },
    problems: `  catalog/orders.yaml the file is empty
    hint: it should hold one service: name, description, team, tier and its resources (see README)`,
  },
  "an empty teams.yaml says what it should hold": {
    files: { "teams.yaml": "# nothing yet\n" },
    problems: `  teams.yaml the file is empty
    hint: it should hold the teams: "teams:" with, per team, displayName, email and oncall (see README)`,
  },
  // 8: metric math CloudWatch would refuse.
  "a metric-math expression with operators, operands and functions out of place": {
    files: withExpression("captured +* declined NOTAFUNC(captured) declined"),
    problems: `4 problems found:
  catalog/payments.yaml:31 customMetrics[0].expression: calls "NOTAFUNC", which is not a CloudWatch metric math function
    hint: see the functions in the CloudWatch metric math reference
  catalog/payments.yaml:31 customMetrics[0].expression: has two operands in a row (")" and "declined") with no operator between them
    hint: join them with an operator such as + or *
  catalog/payments.yaml:31 customMetrics[0].expression: has two operands in a row ("declined" and "NOTAFUNC") with no operator between them
    hint: join them with an operator such as + or *
  catalog/payments.yaml:31 customMetrics[0].expression: has two operators in a row ("+" and "*")
    hint: put an id, a number or a function call between operators
Nothing was written.`,
  },
  "a blank metric-math expression": {
    files: withExpression('"   "'),
    problems: `  catalog/payments.yaml:31 customMetrics[0].expression: is empty
    hint: write metric math over the metrics' ids, e.g. 100 * errors / requests`,
  },
  "a misspelt metric-math function gets a did-you-mean": {
    files: withExpression("100 * SUMM([declined]) / (captured + declined)"),
    problems: `  catalog/payments.yaml:31 customMetrics[0].expression: calls "SUMM", which is not a CloudWatch metric math function
    hint: did you mean "SUM"?`,
  },
};

describe("values a vendor would refuse, and vague messages, are clear problems", () => {
  it.each(Object.entries(cases))("%s", async (_name, c) => {
    const r = await cli(["plan", "--stack", c.stack ?? "dev"], projectCopy(c.files));
    expect(r.stderr).toContain(`${c.problems}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("a URN declared twice fails the plan (defect 1b)", () => {
  it("names the URN and the pulumi up error", async () => {
    const program = async () => {
      new aws.sns.Topic("twice", {});
      new aws.sns.Topic("twice", {});
    };
    const run = planStack({ projectDir: PROJECT_DIR, stack: "dev", program, log: () => undefined });
    await expect(run).rejects.toThrow(ProgramError);
    await expect(planStack({ projectDir: PROJECT_DIR, stack: "dev", program, log: () => undefined })).rejects.toThrow(
      'the resource urn:pulumi:dev::servio-monitoring::aws:sns/topic:Topic::twice is declared twice: the plan would fail at pulumi up with "Duplicate resource URN"',
    );
  });
});

const STACK = "urn:pulumi:prod::servio-monitoring::pulumi:pulumi:Stack::servio-monitoring-prod";
function resource(type: string, name: string, inputs: Record<string, Json>): PlanResource {
  return { urn: `urn:pulumi:prod::servio-monitoring::${type}::${name}`, type, name, parent: STACK, custom: true, protect: false, retainOnDelete: false, inputs };
}
const planOf = (...resources: PlanResource[]): Plan => ({ project: "servio-monitoring", stack: "prod", region: "eu-west-1", resources, outputs: {} });
const findings = (r: PlanResource) => checkPlan(planOf(r)).map(formatFinding);

describe("AWS tags are checked on every aws: resource (defect 2a)", () => {
  const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
  const group = (tags: Record<string, Json>) => resource(LOG_GROUP, "lg", { name: "/servio/prod/orders", retentionInDays: 90, tags });

  it("accepts the tags the program writes", () => {
    expect(findings(group({ service: "orders", runbook: "https://runbooks.servio.example/orders" }))).toEqual([]);
  });

  it("refuses a value with characters AWS does not accept, naming the resource and the tag", () => {
    expect(findings(group({ runbook: "https://wiki.servio.example/x?pageId=1#s" }))).toEqual([
      `error: ${LOG_GROUP} "lg" tags.runbook: value contains "?", "#", which AWS does not accept in a tag\n    hint: AWS tags hold letters, digits, spaces and _ . : / = + - @ only`,
    ]);
  });

  it("refuses long keys and values and the aws: prefix", () => {
    const long = "k".repeat(129);
    expect(findings(group({ [long]: "v", "aws:owner": "sre", note: "x".repeat(257) }))).toEqual([
      `error: ${LOG_GROUP} "lg" tags.${long}: key is 129 characters long; AWS accepts 1 to 128`,
      `error: ${LOG_GROUP} "lg" tags.aws:owner: key starts with "aws:", which AWS reserves for its own tags`,
      `error: ${LOG_GROUP} "lg" tags.note: value is 257 characters long; AWS accepts at most 256\n    hint: shorten it (a runbook URL must fit in 256 characters)`,
    ]);
  });

  it("checks alarms too, once", () => {
    const alarm = resource("aws:s3/bucket:Bucket", "b", { tags: { runbook: "https://x.example/a&b" } });
    expect(findings(alarm)).toEqual([
      'error: aws:s3/bucket:Bucket "b" tags.runbook: value contains "&", which AWS does not accept in a tag\n    hint: AWS tags hold letters, digits, spaces and _ . : / = + - @ only',
    ]);
  });
});

describe("AWS Chatbot configuration names (defect 6)", () => {
  it("refuses a Slack channel key that makes the name longer than 128 characters", async () => {
    const key = `c${"h".repeat(119)}`;
    const files = { "Pulumi.prod.yaml": prod.replace("    chat:\n      type: slack", `    ${key}:\n      type: slack`).replaceAll(", chat,", `, ${key},`).replaceAll("        chat: ", `        ${key}: `) };
    const r = await cli(["plan", "--stack", "prod"], projectCopy(files));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration "prod-critical-${key}" configurationName: is 141 characters long; AWS Chatbot accepts 1 to 128
    hint: it is made of the stack, the severity and the channel's key: use a shorter channel key`,
    );
  });

  it("refuses characters outside [A-Za-z0-9-_]", () => {
    const r = resource("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", "s", { configurationName: "servio.prod" });
    expect(findings(r)).toEqual([
      'error: aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration "s" configurationName: "servio.prod" has characters AWS Chatbot does not accept\n    hint: letters, digits, - and _ only',
    ]);
  });
});

describe("metric math in the plan is held to CloudWatch's grammar (defect 8)", () => {
  const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
  const metric = (id: string): Json => ({ id, returnData: false, metric: { namespace: "N", metricName: id, period: 60, stat: "Sum", dimensions: {} } });
  const alarm = (expression: string) => resource(ALARM, "a", {
    name: "servio/prod/orders/x", comparisonOperator: "GreaterThanThreshold", threshold: 1, evaluationPeriods: 1,
    metricQueries: [metric("errors"), metric("requests"), { id: "rate", expression, returnData: true }],
  });

  it("accepts the expressions the program writes", () => {
    for (const e of ["100 * FILL(errors, 0) / requests", "SUM([errors, requests])", "IF(errors > 5 AND requests < 3, 1, 0)", "-errors + NOT requests"]) {
      expect(findings(alarm(e))).toEqual([]);
    }
  });

  it("refuses two operands in a row, naming the query", () => {
    expect(findings(alarm("errors requests"))).toEqual([
      `error: ${ALARM} "a" metricQueries[2].expression: has two operands in a row ("errors" and "requests") with no operator between them\n    hint: join them with an operator such as + or *`,
    ]);
  });

  it("refuses an unknown function and a trailing operator", () => {
    expect(findings(alarm("NOTAFUNC(errors) /"))).toEqual([
      `error: ${ALARM} "a" metricQueries[2].expression: ends with "/"\n    hint: an operand is missing at the end`,
      `error: ${ALARM} "a" metricQueries[2].expression: calls "NOTAFUNC", which is not a CloudWatch metric math function\n    hint: see the functions in the CloudWatch metric math reference`,
    ]);
  });
});
