/** Datadog plan checks, each caught on a deliberately wrong monitor or SLO of the prod plan. */
import { checkPlan, formatFinding } from "../src/checks";
import { balance, parseQuery } from "../src/checks/datadog-query";
import type { Json, Plan, PlanResource } from "../src/plan/plan";
import { byName, plan } from "./helpers";

let prod: Plan;
beforeAll(async () => {
  prod = await plan("prod");
}, 60_000);

/** Findings of one resource of the prod plan, its inputs changed by `change`. */
function findings(name: string, change: (inputs: Record<string, any>) => void): string[] {
  const original = byName(prod, name);
  const resource: PlanResource = { ...original, inputs: structuredClone(original.inputs) as { [key: string]: Json } };
  change(resource.inputs);
  const others = prod.resources.filter((r) => !r.type.startsWith("datadog:"));
  const links = prod.resources.filter((r) => r.type.startsWith("datadog:") && !r.type.endsWith("Monitor") && r.name !== name);
  return checkPlan({ ...prod, resources: [...others, ...links, resource] })
    .filter((f) => f.resource === name)
    .map(formatFinding);
}
const errorRate = (change: (i: Record<string, any>) => void) => findings("prod-orders-apm-error-rate", change);
const throughput = (change: (i: Record<string, any>) => void) => findings("prod-orders-apm-throughput", change);
const slo = (change: (i: Record<string, any>) => void) => findings("prod-orders-slo-availability", change);
const MONITOR = 'error: datadog:index/monitor:Monitor "prod-orders-apm-error-rate"';
const ANOMALY = 'error: datadog:index/monitor:Monitor "prod-orders-apm-throughput"';
const SLO = 'error: datadog:index/serviceLevelObjective:ServiceLevelObjective "prod-orders-slo-availability"';

describe("Datadog plan checks", () => {
  it("pass every monitor, SLO and link the program declares, in both environments", async () => {
    const dev = await plan("dev");
    for (const p of [prod, dev]) expect(checkPlan(p).filter((f) => f.type.startsWith("datadog:"))).toEqual([]);
  }, 60_000);

  it("catch an unbalanced parenthesis and an unbalanced brace in a query", () => {
    expect(errorRate((i) => (i.query = i.query.replace(".as_count())", ".as_count()")))).toEqual([
      `${MONITOR} query: has a parenthesis "(" at character 20 that is never closed\n    hint: see Datadog's monitor query grammar`,
    ]);
    expect(errorRate((i) => (i.query = i.query.replace("env:prod}", "env:prod")))).toEqual([
      `${MONITOR} query: closes the brace "{" of character 50 with ")" at character 151\n    hint: see Datadog's monitor query grammar`,
    ]);
  });

  it("catch an aggregator and a timeframe Datadog does not know", () => {
    expect(errorRate((i) => (i.query = i.query.replace("sum(last_5m)", "mean(last_5min)")))).toEqual([
      `${MONITOR} query: "mean" is not an aggregator Datadog knows\n    hint: use one of avg, sum, min, max, percentile, change, pct_change`,
      `${MONITOR} query: "last_5min" is not a timeframe Datadog knows\n    hint: write "last_" and a number of m, h, d or w, as in last_5m`,
    ]);
  });

  it("catch a query without a comparison at its end", () => {
    expect(errorRate((i) => (i.query = i.query.replace(/ > 2$/, "")))).toEqual([
      `${MONITOR} query: does not end with a comparison and a number, as in "> 0.5"\n    hint: see Datadog's monitor query grammar`,
    ]);
  });

  it("catch a critical threshold that disagrees with the query's", () => {
    expect(errorRate((i) => (i.monitorThresholds.critical = "5"))).toEqual([
      `${MONITOR} monitorThresholds.critical: 5 disagrees with the query's threshold 2; Datadog refuses the monitor\n    hint: build the query's comparison and the critical threshold from one value`,
    ]);
  });

  it("catch a warning threshold beyond the critical one, in the direction of the comparison", () => {
    expect(errorRate((i) => (i.monitorThresholds.warning = "3"))).toEqual([
      `${MONITOR} monitorThresholds.warning: 3 is not below the critical threshold 2: with ">" the warning would never show\n    hint: put the warning below critical, so that it fires first`,
    ]);
    const below = (i: Record<string, any>) => {
      i.query = i.query.replace(/ > 2$/, " < 2");
      i.monitorThresholds.warning = "1";
    };
    expect(errorRate(below)).toEqual([
      `${MONITOR} monitorThresholds.warning: 1 is not above the critical threshold 2: with "<" the warning would never show\n    hint: put the warning above critical, so that it fires first`,
    ]);
  });

  it("catch a recovery threshold on the alerting side", () => {
    expect(throughput((i) => (i.monitorThresholds.criticalRecovery = "1"))).toEqual([
      `${ANOMALY} monitorThresholds.criticalRecovery: 1 is not below the critical threshold 1\n    hint: a recovery threshold must lie below the threshold it recovers from`,
    ]);
  });

  it("catch a no-data timeframe shorter than twice the evaluation window", () => {
    expect(throughput((i) => (i.noDataTimeframe = 20))).toEqual([
      `${ANOMALY} noDataTimeframe: 20 minutes is less than twice the evaluation window of 15 minutes: one late batch reads as no data\n    hint: set it to at least 30 minutes`,
    ]);
    expect(errorRate((i) => (i.notifyNoData = true))).toEqual([
      `${MONITOR} noDataTimeframe: is not set while notifyNoData is true\n    hint: set it to at least 10 minutes`,
    ]);
  });

  it("catch a warning threshold and missing windows on an anomaly monitor", () => {
    expect(throughput((i) => { i.monitorThresholds.warning = "0.5"; delete i.monitorThresholdWindows; })).toEqual([
      `${ANOMALY} monitorThresholds.warning: is set on an anomaly monitor; Datadog takes no warning threshold there\n    hint: remove it: an anomaly monitor has one level`,
      `${ANOMALY} monitorThresholdWindows: is not set: Datadog requires a trigger and a recovery window on an anomaly monitor\n    hint: set triggerWindow and recoveryWindow (the query's alert_window, last_15m)`,
    ]);
  });

  it("catch a notification handle that nothing in the stack defines", () => {
    const typo = (i: Record<string, any>) => (i.message = i.message.replace("@pagerduty-servio-prod-orders", "@pagerduty-orders"));
    expect(errorRate(typo)).toEqual([
      `${MONITOR} message: notifies "@pagerduty-orders", which no resource or channel of the stack defines: nobody would hear of it\n    hint: route through servio-monitoring:routing: PagerDuty links, webhooks, Slack channels and e-mail channels are the handles the stack defines`,
    ]);
    expect(errorRate((i) => (i.message += "\n@oncall@servio.example @slack-servio-general")).map((f) => /notifies "[^"]+"/.exec(f)?.[0])).toEqual([
      'notifies "@oncall@servio.example"',
      'notifies "@slack-servio-general"',
    ]);
  });

  it("warn about a monitor without its owner's tags", () => {
    expect(errorRate((i) => (i.tags = ["service:orders", "env:prod"]))).toEqual([
      'warning: datadog:index/monitor:Monitor "prod-orders-apm-error-rate" tags: has no team, tier tag\n    hint: tag every monitor with service, env, team and tier',
    ]);
  });

  it("catch an SLO timeframe, target and warning Datadog refuses", () => {
    expect(slo((i) => (i.thresholds = [{ timeframe: "14d", target: 100, warning: 99 }]))).toEqual([
      `${SLO} thresholds[0].timeframe: "14d" is not a timeframe Datadog accepts\n    hint: use one of 7d, 30d, 90d`,
      `${SLO} thresholds[0].target: 100 is not between 0 and 100 (both excluded)\n    hint: give the objective in %, e.g. 99.9`,
      `${SLO} thresholds[0].warning: 99 is not above the target 100 and below 100\n    hint: the warning fires while the objective is still met: put it between the target and 100`,
    ]);
  });

  it("catch an SLO query with an unbalanced brace or no denominator", () => {
    expect(slo((i) => { i.query.numerator = i.query.numerator.replace("prod}", "prod"); delete i.query.denominator; })).toEqual([
      `${SLO} query.numerator: has a brace "{" at character 28 that is never closed`,
      `${SLO} query.denominator: is not set: a metric SLO counts good events over all events`,
    ]);
  });

  it("catch a PagerDuty link whose name cannot be a handle", () => {
    expect(findings("prod-orders-pagerduty-link", (i) => (i.serviceName = "orders (prod)"))).toEqual([
      'error: datadog:pagerduty/serviceObject:ServiceObject "prod-orders-pagerduty-link" serviceName: "orders (prod)" cannot be written as a handle @pagerduty-orders (prod)\n    hint: use letters, digits, _, . and - only',
    ]);
  });
});

describe("reading a monitor query", () => {
  it.each([
    ["avg(last_5m):sum:a{b:c} > 1", { aggregator: "avg", timeframe: "last_5m", comparison: ">", threshold: 1 }, []],
    ["percentile(last_1h):p99:trace.x{a:b} >= 0.25", { aggregator: "percentile", timeframe: "last_1h", comparison: ">=", threshold: 0.25 }, []],
    ["avg(last_5m:a{b} > 1", { comparison: ">", threshold: 1 }, [
      'has a parenthesis "(" at character 4 that is never closed',
      'does not start with "<aggregator>(<timeframe>):", as in "avg(last_5m):"',
    ]],
  ])("reads %s", (query, parsed, syntax) => {
    expect(parseQuery(query)).toEqual({ parsed, syntax });
  });

  it("ignores brackets inside quotes and catches an unclosed quote", () => {
    expect(balance("anomalies(a{b}, 'x)', 2)")).toEqual([]);
    expect(balance("anomalies(a{b}, 'x, 2)")).toEqual(["has a quote ' at character 17 that is never closed"]);
  });
});
