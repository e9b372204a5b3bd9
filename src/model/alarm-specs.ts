/**
 * Alarm specs: the full CloudWatch alarm for each resolved alarm of a service, as plain data.
 * Components turn a spec into an `aws.cloudwatch.MetricAlarm` and nothing more, so the maths
 * of every alarm (metric, statistic, unit conversion, metric math) is tested here directly.
 */
import { ALARM_KINDS, type AlarmKey, type AlarmKnobs, type Family } from "./defaults";
import type { KnobSource, ResolvedAlarm, Service } from "./model";
import { metricSpecs } from "./alarm-specs-metrics";
import { NAME_PREFIX, type Severity } from "./vocabulary";

export interface MetricStat {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** `Sum`, `Average`, `Minimum`… or a percentile such as `p99`. */
  stat: string;
}

export interface MetricQuery {
  id: string;
  label?: string;
  expression?: string;
  metric?: MetricStat;
  returnData: boolean;
}

export interface AlarmSpec {
  /** Unique within the service: the kind's slug, plus the function name where there are several. */
  id: string;
  /** `servio/<env>/<service>/<id>`. */
  alarmName: string;
  key: AlarmKey;
  service: string;
  severity: Severity;
  knobs: AlarmKnobs;
  /**
   * Where each knob's value came from (`tier 1 default`, `Pulumi.prod.yaml`, a catalog file).
   * Optional for specs written by hand; `alarmSpecs()` always sets it.
   */
  sources?: Record<keyof AlarmKnobs, KnobSource>;
  /** The group the summary shows it in; optional for specs written by hand. */
  family?: Family;
  description: string;
  comparison: Comparison;
  /**
   * In the metric's own unit (seconds for ALB response time, where the knob is in ms).
   * Absent on an anomaly-band alarm, whose band is its threshold.
   */
  threshold?: number;
  /** The id of the ANOMALY_DETECTION_BAND query an anomaly alarm compares with. */
  thresholdMetricId?: string;
  /** A single metric, or metric math whose one returned series is compared. */
  metric?: MetricStat;
  queries?: MetricQuery[];
  /** `notBreaching` where no traffic means nothing is wrong; `breaching` for a silent check. */
  treatMissingData: "notBreaching" | "breaching" | "missing" | "ignore";
  /** Uptime checks report only in us-east-1. */
  region: "stack" | "us-east-1";
}

/** CloudWatch's comparison operators: static thresholds, then anomaly bands. */
export type Comparison =
  | "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold"
  | "LessThanOrEqualToThreshold" | "LessThanLowerOrGreaterThanUpperThreshold"
  | "LessThanLowerThreshold" | "GreaterThanUpperThreshold";

/** Name of an alarm: `servio/prod/orders/alb-target-5xx-rate`. */
export function alarmName(environment: string, service: string, id: string): string {
  return `${NAME_PREFIX}/${environment}/${service}/${id}`;
}

/** The prefix every alarm of a service starts with; routes to the service's pager match it. */
export function alarmPrefix(environment: string, service: string): string {
  return `${NAME_PREFIX}/${environment}/${service}/`;
}

/** Every alarm of a service, enabled ones only, in a stable order. */
export function alarmSpecs(environment: string, service: Service): AlarmSpec[] {
  return service.alarms
    .filter((a) => a.knobs.enabled)
    .flatMap((alarm) => specsFor(environment, service, alarm));
}

/** Builds a spec of `alarm` with the given id; `fields` override what the kind implies. */
export type SpecBase = (id: string, fields: SpecFields) => AlarmSpec;

function specsFor(environment: string, service: Service, alarm: ResolvedAlarm): AlarmSpec[] {
  const r = service.resources;
  const base: SpecBase = (id, fields) => {
    const kind = ALARM_KINDS[alarm.key];
    const name = alarmName(environment, service.name, id);
    const knobs = fields.knobs ?? alarm.knobs;
    const unit = ["count", "status"].includes(kind.unit) ? "" : ` ${kind.unit}`;
    const threshold = `${knobs.threshold}${unit}`;
    const band = fields.thresholdMetricId !== undefined;
    return {
      id,
      alarmName: name,
      key: alarm.key,
      service: service.name,
      severity: knobs.severity,
      knobs,
      sources: fields.sources ?? alarm.sources,
      family: kind.family,
      description: fields.description ?? `${kind.title} of ${service.name} ${kind.below ? "below" : "above"} ${threshold}.${runbookNote(service)}`,
      comparison: fields.comparison ?? (kind.below ? "LessThanThreshold" : "GreaterThanThreshold"),
      threshold: band ? undefined : fields.threshold ?? knobs.threshold,
      thresholdMetricId: fields.thresholdMetricId,
      metric: fields.metric,
      queries: fields.queries,
      treatMissingData: fields.treatMissingData ?? "notBreaching",
      region: fields.region ?? "stack",
    };
  };
  const slug = ALARM_KINDS[alarm.key].slug;
  const t = alarm.knobs.threshold;

  switch (alarm.key) {
    case "albTarget5xxRate": {
      const dims = { LoadBalancer: r.loadBalancer!.name, TargetGroup: r.loadBalancer!.targetGroup };
      return [base(slug, { queries: rate("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "RequestCount", dims) })];
    }
    case "albTargetP99Latency": {
      const dims = { LoadBalancer: r.loadBalancer!.name, TargetGroup: r.loadBalancer!.targetGroup };
      // TargetResponseTime is reported in seconds; the knob is in milliseconds.
      return [base(slug, { metric: stat("AWS/ApplicationELB", "TargetResponseTime", dims, "p99"), threshold: t / 1000 })];
    }
    case "apiGateway5xxRate": {
      const dims = { ApiName: r.apiGateway!.name, Stage: r.apiGateway!.stage };
      return [base(slug, { queries: rate("AWS/ApiGateway", "5XXError", "Count", dims) })];
    }
    case "apiGatewayP99Latency": {
      const dims = { ApiName: r.apiGateway!.name, Stage: r.apiGateway!.stage };
      return [base(slug, { metric: stat("AWS/ApiGateway", "Latency", dims, "p99") })];
    }
    case "lambdaErrorRate":
      return r.lambdaFunctions!.map((fn) =>
        base(`${slug}/${fn}`, { queries: rate("AWS/Lambda", "Errors", "Invocations", { FunctionName: fn }) }),
      );
    case "lambdaThrottles":
      return r.lambdaFunctions!.map((fn) =>
        base(`${slug}/${fn}`, { metric: stat("AWS/Lambda", "Throttles", { FunctionName: fn }, "Sum") }),
      );
    case "lambdaP99Duration":
      return r.lambdaFunctions!.map((fn) =>
        base(`${slug}/${fn}`, { metric: stat("AWS/Lambda", "Duration", { FunctionName: fn }, "p99") }),
      );
    case "uptime":
      return [
        base(slug, {
          description: `Uptime check of ${service.name} (${service.health!.url}) is failing.${runbookNote(service)}`,
          // HealthCheckId is only known once the check exists; the component fills it in.
          metric: stat("AWS/Route53", "HealthCheckStatus", {}, "Minimum"),
          comparison: "LessThanThreshold",
          threshold: 1,
          // A check that stops reporting is as bad as one that fails.
          treatMissingData: "breaching",
          region: "us-east-1",
        }),
      ];
    default:
      return metricSpecs(environment, service, alarm, base);
  }
}

/** What a kind's spec may set beyond its defaults; `knobs`/`sources` for per-entry knobs. */
export type SpecFields = Partial<Pick<AlarmSpec, "description" | "comparison" | "threshold" | "thresholdMetricId" | "metric" | "queries" | "treatMissingData" | "region" | "knobs" | "sources">>;

/** One metric with its statistic. */
export function stat(namespace: string, metricName: string, dimensions: Record<string, string>, s: string): MetricStat {
  return { namespace, metricName, dimensions, stat: s };
}

/** `100 * errors / requests` as metric math; no requests means no datapoint, not 0 %. */
export function rate(namespace: string, errors: string, total: string, dimensions: Record<string, string>): MetricQuery[] {
  return [
    { id: "errors", metric: stat(namespace, errors, dimensions, "Sum"), returnData: false },
    { id: "requests", metric: stat(namespace, total, dimensions, "Sum"), returnData: false },
    { id: "rate", label: `${errors} per ${total} (%)`, expression: "100 * FILL(errors, 0) / requests", returnData: true },
  ];
}

/** ` Runbook: <url>` for an alarm description, or nothing when the service names no runbook. */
function runbookNote(service: Pick<Service, "runbook">): string {
  return service.runbook ? ` Runbook: ${service.runbook}` : "";
}
