/** Plan checks of the resources the metric families declare, on hand-made plans. */
import { checkPlan, formatFinding } from "../../src/checks";
import type { Json, Plan, PlanResource } from "../../src/plan/plan";

function resource(type: string, name: string, inputs: Record<string, Json>): PlanResource {
  return { urn: `urn:pulumi:t::p::${type}::${name}`, type, name, custom: true, protect: false, retainOnDelete: false, inputs };
}
const metricAlarm = (name: string, extra: Record<string, Json> = {}) =>
  resource("aws:cloudwatch/metricAlarm:MetricAlarm", name, {
    name, comparisonOperator: "GreaterThanThreshold", threshold: 1, evaluationPeriods: 1,
    namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average", period: 60, ...extra,
  });
const composite = (name: string, rule: string) =>
  resource("aws:cloudwatch/compositeAlarm:CompositeAlarm", name, { alarmName: name, alarmRule: rule });
const findings = (...resources: PlanResource[]): string[] => {
  const plan: Plan = { project: "p", stack: "t", region: "eu-west-1", resources, outputs: {} };
  return checkPlan(plan).map(formatFinding);
};
const TYPE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

describe("composite alarm rules", () => {
  it("accept ALARM, OK, NOT, AND, OR and parentheses over alarms of the plan", () => {
    expect(findings(metricAlarm("a"), metricAlarm("b"), composite("c", 'ALARM("a") AND NOT (OK(b) OR FALSE)'))).toEqual([]);
  });

  it("refuse a rule that does not parse", () => {
    expect(findings(metricAlarm("a"), composite("c", 'ALARM("a") OR'))).toEqual([
      `error: ${TYPE} "c" alarmRule: expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), NOT, TRUE, FALSE or "(" at "the end"\n` +
      '    hint: combine ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), TRUE, FALSE with AND, OR, NOT and parentheses',
    ]);
  });

  it("refuse a child that is not in the plan", () => {
    expect(findings(composite("c", 'ALARM("gone")'))).toEqual([
      `error: ${TYPE} "c" alarmRule: watches "gone", which is not an alarm of this plan\n    hint: a composite can only watch alarms that exist`,
    ]);
  });

  it("refuse composites that watch each other", () => {
    expect(findings(composite("x", 'ALARM("y")'), composite("y", 'ALARM("x")'))).toEqual([
      `error: ${TYPE} "x" alarmRule: is part of a cycle: x -> y -> x\n    hint: CloudWatch cannot delete composites that watch each other`,
      `error: ${TYPE} "y" alarmRule: is part of a cycle: y -> x -> y\n    hint: CloudWatch cannot delete composites that watch each other`,
    ]);
  });

  it("refuse more than 100 children", () => {
    const alarms = Array.from({ length: 101 }, (_, i) => metricAlarm(`a${i}`));
    const rule = alarms.map((a) => `ALARM("${a.name}")`).join(" OR ");
    expect(findings(...alarms, composite("c", rule))).toEqual([
      `error: ${TYPE} "c" alarmRule: watches 101 alarms; a composite alarm watches at most 100\n    hint: split it into composites of composites`,
    ]);
  });
});

describe("anomaly-band alarms", () => {
  const queries = (band: string): Json => [
    { id: "m", returnData: true, metric: { namespace: "Servio/Business", metricName: "OrdersPlaced", stat: "Sum", period: 300 } },
    { id: "band", returnData: true, expression: band },
  ];
  const band = (extra: Record<string, Json>) => metricAlarm("b", {
    namespace: null, metricName: null, statistic: null, period: null, threshold: null,
    comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold", thresholdMetricId: "band", ...extra,
  });
  const clean = (r: PlanResource) => {
    for (const k of Object.keys(r.inputs)) if (r.inputs[k] === null) delete r.inputs[k];
    return r;
  };

  it("accept a band over a metric, compared with the band's id", () => {
    expect(findings(clean(band({ metricQueries: queries("ANOMALY_DETECTION_BAND(m, 3)") })))).toEqual([]);
  });

  it("refuse a threshold metric id that is not a band", () => {
    expect(findings(clean(band({ metricQueries: queries("m * 2") })))).toEqual([
      'error: aws:cloudwatch/metricAlarm:MetricAlarm "b" thresholdMetricId: "band" is not an ANOMALY_DETECTION_BAND(<metric id>, <width>) expression',
    ]);
  });

  it("refuse a plain threshold beside the band", () => {
    expect(findings(clean(band({ metricQueries: queries("ANOMALY_DETECTION_BAND(m, 3)"), threshold: 2 })))).toEqual([
      'error: aws:cloudwatch/metricAlarm:MetricAlarm "b" threshold: must not be set on an anomaly-band alarm; the band is the threshold',
    ]);
  });
});

describe("logs", () => {
  const group = (retention: number) =>
    resource("aws:cloudwatch/logGroup:LogGroup", "g", { name: "/servio/t/orders", retentionInDays: retention });

  it("refuse a retention CloudWatch Logs does not accept", () => {
    expect(findings(group(10))).toEqual([
      'error: aws:cloudwatch/logGroup:LogGroup "g" retentionInDays: 10 days is not a retention CloudWatch Logs accepts\n' +
      "    hint: use one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ]);
  });

  it("refuse a metric filter pattern PutMetricFilter would refuse", () => {
    const filter = resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "f", {
      name: "orders-errors", logGroupName: "/servio/t/orders", pattern: "{ $.level = ",
      metricTransformation: { name: "orders/errors", namespace: "Servio/Logs/t", value: "1" },
    });
    expect(findings(group(7), filter)).toEqual([
      'error: aws:cloudwatch/logMetricFilter:LogMetricFilter "f" pattern: opens a JSON pattern with "{" but does not end with "}": { $.level =',
    ]);
  });

  it("refuse a saved query without a query", () => {
    const query = resource("aws:cloudwatch/queryDefinition:QueryDefinition", "q", { name: "servio/t/orders/x", queryString: "" });
    expect(findings(query)).toEqual([
      'error: aws:cloudwatch/queryDefinition:QueryDefinition "q" queryString: is 0 characters long; CloudWatch Logs accepts 1 to 10000',
    ]);
  });
});
