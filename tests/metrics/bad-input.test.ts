/** One test per bad value of each new knob: the exact message the user reads. */
import { catalogWith, problems } from "./model-helpers";

const devConfig = (extra: string) => {
  const fs = jest.requireActual<typeof import("node:fs")>("node:fs");
  const path = jest.requireActual<typeof import("node:path")>("node:path");
  return `${fs.readFileSync(path.join(__dirname, "../../Pulumi.dev.yaml"), "utf8")}${extra}`;
};

describe("databases", () => {
  it("asks for the facts of a listed database", () => {
    expect(problems("dev", { "catalog/orders.yaml": catalogWith("orders", "", ["  databases:\n    servio-{env}-orders:\n      engine: postgres\n      maxConnections: 1700   # db.r6g.xlarge, PostgreSQL default\n", ""]) })).toEqual([
      'catalog/orders.yaml:15 resources.rdsInstance: lists the database "servio-{env}-orders" without its facts\n' +
      '    hint: add resources.databases."servio-{env}-orders" with its engine and maxConnections (the instance class\'s max_connections)',
    ]);
  });

  it("refuses an Aurora engine for an RDS instance", () => {
    expect(problems("dev", { "catalog/orders.yaml": catalogWith("orders", "", ["engine: postgres", "engine: aurora-postgresql"]) })).toEqual([
      'catalog/orders.yaml:18 resources.databases.servio-{env}-orders.engine: "aurora-postgresql" does not run as an RDS instance\n' +
      "    hint: use mysql, mariadb or postgres",
    ]);
  });

  it("refuses facts of a database the service does not list", () => {
    const extra = ["      maxConnections: 1700", "      maxConnections: 1700\n    servio-{env}-other:\n      engine: mysql\n      maxConnections: 100"] as [string, string];
    expect(problems("dev", { "catalog/orders.yaml": catalogWith("orders", "", extra) })).toEqual([
      'catalog/orders.yaml:20 resources.databases.servio-{env}-other: describes "servio-{env}-other", which is not a database of the service\n' +
      "    hint: databases listed: servio-{env}-orders (rdsInstance, auroraCluster)",
    ]);
  });

  it("refuses a connection limit that is not a positive whole number", () => {
    const [first] = problems("dev", { "catalog/orders.yaml": catalogWith("orders", "", ["maxConnections: 1700", "maxConnections: 0"]) });
    expect(first).toMatch(/^catalog\/orders\.yaml:19 resources\.databases\.servio-\{env\}-orders\.maxConnections: /);
  });
});

describe("custom metrics", () => {
  const custom = (body: string) => ({ "catalog/web.yaml": catalogWith("web", `customMetrics:\n  - id: queue-wait\n    description: Requests wait in the queue\n${body}`) });
  const metric = "    metric:\n      namespace: Servio/Web\n      name: QueueWait\n      statistic: Average\n";

  it("needs a metric or an expression", () => {
    expect(problems("dev", custom("    threshold: 1\n    comparison: GreaterThanThreshold\n"))).toEqual([
      "catalog/web.yaml:20 customMetrics[0]: needs exactly one of metric and expression",
    ]);
  });

  it("refuses a statistic CloudWatch does not know", () => {
    expect(problems("dev", custom(`${metric.replace("Average", "Median")}    threshold: 1\n    comparison: GreaterThanThreshold\n`))).toEqual([
      'catalog/web.yaml:25 customMetrics[0].metric.statistic: must be Sum, Average, Minimum, Maximum, SampleCount or a percentile such as "p99", found "Median"',
    ]);
  });

  it("refuses an expression naming an undefined metric", () => {
    const body = "    expression: 100 * slow / total\n    metrics:\n      slow:\n        namespace: Servio/Web\n        name: Slow\n        statistic: Sum\n" +
      "    threshold: 5\n    comparison: GreaterThanThreshold\n";
    expect(problems("dev", custom(body))).toEqual([
      'catalog/web.yaml:22 customMetrics[0].expression: refers to "total", which metrics does not define\n    hint: defined: slow',
    ]);
  });

  it("refuses more than ten metrics in an expression", () => {
    const ids = Array.from({ length: 11 }, (_, i) => `m${i}`);
    const metrics = ids.map((id) => `      ${id}:\n        namespace: Servio/Web\n        name: M\n        statistic: Sum\n`).join("");
    const body = `    expression: ${ids.join(" + ")}\n    metrics:\n${metrics}    threshold: 5\n    comparison: GreaterThanThreshold\n`;
    expect(problems("dev", custom(body))).toEqual([
      "catalog/web.yaml:23 customMetrics[0].metrics: names 11 metrics; a metric-math alarm accepts at most 10\n" +
      "    hint: aggregate with fewer metrics, or split the alarm",
    ]);
  });

  it("refuses a window that can never breach", () => {
    const body = `${metric}    threshold: 1\n    comparison: GreaterThanThreshold\n    evaluationPeriods: 2\n    datapointsToAlarm: 3\n`;
    expect(problems("dev", custom(body))).toEqual([
      "catalog/web.yaml:29 customMetrics[0].datapointsToAlarm: 3 datapoints to alarm out of 2 evaluation periods can never breach\n" +
      "    hint: datapointsToAlarm must be at most evaluationPeriods",
    ]);
  });

  it("refuses a threshold override for all custom metrics at once", () => {
    const files = { "Pulumi.dev.yaml": devConfig("").replace("    businessFloor:", "    custom:\n      threshold: 3\n    businessFloor:") };
    expect(problems("dev", files)).toEqual([
      "Pulumi.dev.yaml:21 config.servio-monitoring:alarms.custom.threshold: Custom metric alarms take their threshold from each entry\n" +
      "    hint: set threshold on the entry under customMetrics",
    ]);
  });
});

describe("logs", () => {
  it("refuses a retention CloudWatch Logs does not accept", () => {
    expect(problems("dev", { "Pulumi.dev.yaml": devConfig("").replace("retentionDays: 7", "retentionDays: 10") })).toEqual([
      "Pulumi.dev.yaml:24 config.servio-monitoring:logs.retentionDays: must be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days (0 keeps logs forever), found number 10",
    ]);
  });

  it("refuses a metric filter pattern with a JSON condition but no selector", () => {
    const files = { "catalog/web.yaml": catalogWith("web", "logs:\n  errorPatterns:\n    failed: '{ level = \"error\" }'\n") };
    expect(problems("dev", files)).toEqual([
      'catalog/web.yaml:21 logs.errorPatterns.failed: has the condition (level = "error"), which is not one such as ($.level = "error")',
    ]);
  });

  it("refuses an unclosed quote in a pattern", () => {
    const files = { "catalog/web.yaml": catalogWith("web", "logs:\n  errorPatterns:\n    failed: '\"request failed'\n") };
    expect(problems("dev", files)).toEqual(['catalog/web.yaml:21 logs.errorPatterns.failed: has an unclosed double quote: "request failed']);
  });
});

describe("composite and business", () => {
  it("refuses an unknown key under composite", () => {
    expect(problems("dev", { "Pulumi.dev.yaml": devConfig("").replace("composite:\n    enabled: false", "composite:\n    enabled: false\n    childSeverty: info") })).toEqual([
      'Pulumi.dev.yaml:27 config.servio-monitoring:composite.childSeverty: unknown key "childSeverty"\n    hint: did you mean "childSeverity"?',
    ]);
  });

  it("refuses a business metric statistic CloudWatch bands cannot take", () => {
    const [first] = problems("dev", { "catalog/orders.yaml": catalogWith("orders", "", ["      unit: None", "      unit: None\n      statistic: p99"]) });
    expect(first).toMatch(/^catalog\/orders\.yaml:\d+ businessMetrics\.metrics\[1\]\.statistic: /);
  });
});
