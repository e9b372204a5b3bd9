import { alarmSpecs } from "../src/model/alarm-specs";
import { ALARM_KEYS, TIER_DEFAULTS } from "../src/model/defaults";
import { loadModel } from "../src/model/load";
import type { Service } from "../src/model/model";
import { isValidPeriod } from "../src/model/vocabulary";
import { readStackConfig } from "../src/plan/stack-config";
import { PROJECT_DIR } from "./helpers";

function model(stack: string) {
  const config = readStackConfig(PROJECT_DIR, "servio-monitoring", stack);
  return loadModel(PROJECT_DIR, { stack, values: config.values });
}

const service = (name: string, stack = "prod"): Service => {
  const found = model(stack).services.find((s) => s.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe("the defaults table", () => {
  it.each(ALARM_KEYS)("%s has valid defaults for every tier", (key) => {
    for (const tier of [1, 2, 3] as const) {
      const k = TIER_DEFAULTS[key][tier];
      expect(isValidPeriod(k.period)).toBe(true);
      expect(k.datapointsToAlarm).toBeLessThanOrEqual(k.evaluationPeriods);
    }
  });

  it("pages on errors of money-path services but not of internal ones", () => {
    expect(TIER_DEFAULTS.albTarget5xxRate[1].severity).toBe("critical");
    expect(TIER_DEFAULTS.albTarget5xxRate[3].severity).toBe("warning");
    // Paging alarms ride out a single bad minute.
    for (const key of ALARM_KEYS) {
      const k = TIER_DEFAULTS[key][1];
      if (k.severity === "critical") expect(k.datapointsToAlarm).toBeGreaterThan(1);
    }
  });
});

describe("resolving overrides", () => {
  it("a service's own override beats the tier default, and says where it came from", () => {
    const alarm = service("orders").alarms.find((a) => a.key === "albTarget5xxRate")!;
    expect(alarm.knobs.threshold).toBe(1);
    expect(alarm.sources.threshold).toBe("catalog/orders.yaml");
    expect(alarm.sources.severity).toBe("tier 1 default");
  });

  it("an environment override applies to every service without its own", () => {
    const web = service("web", "dev").alarms.find((a) => a.key === "albTarget5xxRate")!;
    expect(web.knobs.threshold).toBe(10);
    expect(web.sources.threshold).toBe("Pulumi.dev.yaml");
    // orders sets its own threshold, which wins over the environment's.
    const orders = service("orders", "dev").alarms.find((a) => a.key === "albTarget5xxRate")!;
    expect(orders.knobs.threshold).toBe(1);
  });

  it("{env} in resource names becomes the stack name", () => {
    expect(service("payments", "dev").resources.lambdaFunctions).toEqual([
      "servio-dev-payments-authorize",
      "servio-dev-payments-capture",
    ]);
  });

  it("a service gets exactly the alarms its resources call for", () => {
    expect(service("notifications").alarms.map((a) => a.key)).toEqual([
      "lambdaErrorRate", "lambdaThrottles", "lambdaP99Duration",
      "lambdaConcurrency", "sqsOldestMessageAge", "sqsDlqDepth", "logErrors",
    ]);
    expect(service("web").alarms.map((a) => a.key)).toEqual([
      "albTarget5xxRate", "albTargetP99Latency", "uptime",
      "ecsCpu", "ecsMemory", "albUnhealthyHosts", "albHealthyHosts", "ec2Cpu", "ec2Memory", "ec2Disk", "logErrors",
    ]);
  });
});

describe("alarm specs", () => {
  it("the ALB 5xx alarm is a rate by metric math, not a raw count", () => {
    const [spec] = alarmSpecs("prod", service("orders")).filter((s) => s.key === "albTarget5xxRate");
    const dims = { LoadBalancer: "app/servio-prod-public/50dc6c495c0c9188", TargetGroup: "targetgroup/servio-prod-orders/6d0ecf831eec9f09" };
    expect(spec).toEqual(expect.objectContaining({
      alarmName: "servio/prod/orders/alb-target-5xx-rate",
      comparison: "GreaterThanThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
      queries: [
        { id: "errors", metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: dims, stat: "Sum" }, returnData: false },
        { id: "requests", metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: dims, stat: "Sum" }, returnData: false },
        { id: "rate", label: "HTTPCode_Target_5XX_Count per RequestCount (%)", expression: "100 * FILL(errors, 0) / requests", returnData: true },
      ],
    }));
  });

  it("the ALB latency threshold in milliseconds becomes seconds, the metric's unit", () => {
    const [spec] = alarmSpecs("prod", service("web")).filter((s) => s.key === "albTargetP99Latency");
    expect(spec.threshold).toBe(1.5);
    expect(spec.metric).toEqual(expect.objectContaining({ metricName: "TargetResponseTime", stat: "p99" }));
  });

  it("Lambda alarms are per function; API Gateway latency stays in milliseconds", () => {
    const specs = alarmSpecs("prod", service("payments"));
    expect(specs.filter((s) => s.key === "lambdaErrorRate").map((s) => s.alarmName)).toEqual([
      "servio/prod/payments/lambda-error-rate/servio-prod-payments-authorize",
      "servio/prod/payments/lambda-error-rate/servio-prod-payments-capture",
    ]);
    expect(specs.find((s) => s.key === "apiGatewayP99Latency")?.threshold).toBe(1500);
  });

  it("a silent uptime check is as bad as a failing one", () => {
    const spec = alarmSpecs("prod", service("web")).find((s) => s.key === "uptime")!;
    expect(spec).toEqual(expect.objectContaining({ comparison: "LessThanThreshold", threshold: 1, treatMissingData: "breaching", region: "us-east-1" }));
  });

  it("a disabled alarm is not declared", () => {
    const web = service("web");
    const disabled = { ...web, alarms: web.alarms.map((a) => (a.key === "uptime" ? { ...a, knobs: { ...a.knobs, enabled: false } } : a)) };
    expect(alarmSpecs("prod", disabled).map((s) => s.key)).not.toContain("uptime");
    expect(alarmSpecs("prod", web).map((s) => s.key)).toContain("uptime");
  });
});
