/**
 * What the prod plan declares for one sample catalog entry per family: metric, statistic,
 * threshold, window, missing-data treatment and actions.
 */
import type { Plan } from "../../src/plan/plan";
import { byName, byType, plan } from "../helpers";

const topic = (severity: string) => `arn:aws:sns:eu-west-1:123456789012:servio-prod-${severity}`;
let prod: Plan;

beforeAll(async () => {
  prod = await plan("prod");
});

describe("infrastructure alarms", () => {
  it("watch the ECS service's CPU as its average over five minutes of five", () => {
    expect(byName(prod, "prod-orders-ecs-cpu").inputs).toMatchObject({
      name: "servio/prod/orders/ecs-cpu",
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: { ClusterName: "servio-prod", ServiceName: "orders" },
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 85,
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "notBreaching",
      alarmActions: [topic("warning")],
      okActions: [topic("warning")],
    });
  });

  it("treat a silent target group as no healthy host", () => {
    expect(byName(prod, "prod-web-alb-healthy-hosts").inputs).toMatchObject({
      metricName: "HealthyHostCount",
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });

  it("read host memory and disk from the CloudWatch agent, by Auto Scaling group", () => {
    expect(byName(prod, "prod-web-ec2-disk-servio-prod-ecs-hosts").inputs).toMatchObject({
      namespace: "CWAgent",
      metricName: "disk_used_percent",
      dimensions: { AutoScalingGroupName: "servio-prod-ecs-hosts" },
      statistic: "Maximum",
      threshold: 85,
      period: 300,
      treatMissingData: "missing",
    });
    expect(byName(prod, "prod-web-ec2-memory-servio-prod-ecs-hosts").inputs.metricName).toBe("mem_used_percent");
  });

  it("alarm on the first message in a dead-letter queue", () => {
    expect(byName(prod, "prod-notifications-sqs-dlq-depth-servio-prod-notifications-dlq").inputs).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "servio-prod-notifications-dlq" },
      statistic: "Maximum",
      threshold: 0,
      evaluationPeriods: 1,
      alarmActions: [topic("warning")],
    });
  });

  it("compare Lambda concurrency with the limit the functions share", () => {
    const queries = byName(prod, "prod-payments-lambda-concurrency").inputs.metricQueries as { id: string; expression?: string }[];
    expect(queries.map((q) => q.id)).toEqual(["f0", "f1", "share"]);
    expect(queries[2].expression).toBe("100 * (FILL(f0, 0) + FILL(f1, 0)) / 1000");
  });
});

describe("database alarms", () => {
  it("give connections as a share of the instance's max_connections", () => {
    const alarm = byName(prod, "prod-orders-db-connections-servio-prod-orders").inputs;
    expect(alarm).toMatchObject({ threshold: 80, comparisonOperator: "GreaterThanThreshold" });
    expect(alarm.metricQueries).toEqual([
      expect.objectContaining({ id: "connections", metric: expect.objectContaining({ metricName: "DatabaseConnections", stat: "Maximum", dimensions: { DBInstanceIdentifier: "servio-prod-orders" } }) }),
      expect.objectContaining({ id: "share", expression: "100 * connections / 1700", returnData: true }),
    ]);
  });

  it("convert free storage from GiB and latency from ms to what RDS reports", () => {
    expect(byName(prod, "prod-orders-db-free-storage-servio-prod-orders").inputs).toMatchObject({
      metricName: "FreeStorageSpace", statistic: "Minimum", comparisonOperator: "LessThanThreshold",
      threshold: 10 * 1024 ** 3, period: 300, alarmActions: [topic("warning")],
    });
    expect(byName(prod, "prod-orders-db-read-latency-servio-prod-orders").inputs).toMatchObject({
      metricName: "ReadLatency", statistic: "Average", threshold: 0.02,
    });
  });

  it("watch Aurora replica lag and, on Aurora MySQL, deadlocks", () => {
    expect(byName(prod, "prod-accounts-db-replica-lag-servio-prod-accounts").inputs).toMatchObject({
      metricName: "AuroraReplicaLag", dimensions: { DBClusterIdentifier: "servio-prod-accounts" }, threshold: 5000,
    });
    expect(byName(prod, "prod-accounts-db-deadlocks-servio-prod-accounts").inputs.metricName).toBe("Deadlocks");
  });

  it("sum DynamoDB system errors over ten operations, the most one alarm may name", () => {
    const queries = byName(prod, "prod-payments-dynamo-system-errors-servio-prod-payments-ledger").inputs.metricQueries as unknown[];
    expect(queries).toHaveLength(11);
    expect(queries[10]).toMatchObject({ id: "errors", returnData: true });
  });
});

describe("business alarms", () => {
  it("band orders placed by anomaly detection, silence left to the floor", () => {
    const alarm = byName(prod, "prod-orders-business-anomaly-orders-placed").inputs;
    expect(alarm).toMatchObject({
      comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
      thresholdMetricId: "band",
      evaluationPeriods: 3,
      treatMissingData: "notBreaching",
    });
    expect(alarm.threshold).toBeUndefined();
    expect(alarm.metricQueries).toEqual([
      expect.objectContaining({ id: "m", returnData: true, metric: expect.objectContaining({ namespace: "Servio/Business", metricName: "OrdersPlaced", stat: "Sum", period: 300 }) }),
      expect.objectContaining({ id: "band", expression: "ANOMALY_DETECTION_BAND(m, 3)", returnData: true }),
    ]);
  });

  it('fire "no orders in 15 minutes" when nothing is published at all', () => {
    expect(byName(prod, "prod-orders-business-floor-orders-placed").inputs).toMatchObject({
      metricName: "OrdersPlaced", statistic: "Sum", comparisonOperator: "LessThanThreshold", threshold: 1,
      period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: "breaching",
    });
  });

  it("give no floor to a counter that may rightly stop", () => {
    expect(prod.resources.some((r) => r.name === "prod-payments-business-floor-payments-declined")).toBe(false);
  });
});

describe("custom metric alarms", () => {
  it("take a percentile metric as the catalog declares it", () => {
    expect(byName(prod, "prod-orders-custom-checkout-p99").inputs).toMatchObject({
      namespace: "Servio/Orders", metricName: "CheckoutHandoffLatency", dimensions: { Environment: "prod" },
      extendedStatistic: "p99", threshold: 800, treatMissingData: "notBreaching",
    });
  });

  it("take metric math with its own window", () => {
    const alarm = byName(prod, "prod-payments-custom-decline-rate").inputs;
    expect(alarm).toMatchObject({ threshold: 20, evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect((alarm.metricQueries as { id: string; expression?: string }[]).at(-1)).toMatchObject({
      id: "expr", expression: "100 * declined / (captured + declined)",
    });
  });
});

describe("logs", () => {
  it("keep a protected log group per service that survives its removal", () => {
    const groups = byType(prod, "aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g) => g.inputs.name)).toEqual([
      "/servio/prod/accounts", "/servio/prod/notifications", "/servio/prod/orders", "/servio/prod/payments", "/servio/prod/web",
    ]);
    expect(groups.every((g) => g.inputs.retentionInDays === 90 && g.protect && g.retainOnDelete)).toBe(true);
  });

  it("count error lines into a metric that feeds an alarm", () => {
    expect(byName(prod, "prod-orders-logs-order-failed").inputs).toMatchObject({
      logGroupName: "/servio/prod/orders",
      pattern: '{ $.event = "order_failed" }',
      metricTransformation: { namespace: "Servio/Logs/prod", name: "orders/order-failed", value: "1", defaultValue: "0" },
    });
    expect(byName(prod, "prod-orders-log-errors-order-failed").inputs).toMatchObject({
      namespace: "Servio/Logs/prod", metricName: "orders/order-failed", statistic: "Sum", threshold: 10,
    });
  });

  it("save Logs Insights queries per service", () => {
    const names = byType(prod, "aws:cloudwatch/queryDefinition:QueryDefinition")
      .filter((q) => String(q.inputs.name).startsWith("servio/prod/orders/"))
      .map((q) => q.inputs.name);
    expect(names).toEqual([
      "servio/prod/orders/errors-by-5-minutes", "servio/prod/orders/failed-orders",
      "servio/prod/orders/recent-errors", "servio/prod/orders/top-error-messages",
    ]);
  });
});

describe("the composite unhealthy alarm", () => {
  it("pages once for the service's critical alarms, which then notify without paging", () => {
    expect(byName(prod, "prod-orders-unhealthy").inputs).toMatchObject({
      alarmName: "servio/prod/orders/unhealthy",
      alarmRule:
        'ALARM("servio/prod/orders/alb-healthy-hosts") OR ALARM("servio/prod/orders/alb-target-5xx-rate") OR ' +
        'ALARM("servio/prod/orders/business-floor/orders-placed") OR ALARM("servio/prod/orders/db-free-storage/servio-prod-orders")',
      alarmActions: [topic("critical")],
    });
    expect(byName(prod, "prod-orders-alb-target-5xx-rate").inputs).toMatchObject({
      alarmActions: [topic("warning")],
      tags: expect.objectContaining({ severity: "warning", composite: "servio/prod/orders/unhealthy" }),
    });
  });

  it("leaves the us-east-1 uptime alarm paging on its own", () => {
    const uptime = byName(prod, "prod-orders-uptime").inputs;
    expect(uptime.alarmActions).toEqual(["arn:aws:sns:us-east-1:123456789012:servio-prod-critical-us-east-1"]);
  });
});
