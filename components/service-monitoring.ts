/**
 * ServiceMonitoring: everything that watches one service. CloudWatch alarms on its entry
 * points, an uptime check of its health URL, all tagged with owner and runbook and publishing
 * to the topic of their severity.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { AlarmSpec } from "../src/model/alarm-specs";
import type { CompositeSpec } from "../src/model/composite";
import type { ResolvedAlarm, Service } from "../src/model/model";
import type { ResolvedLogs } from "../src/model/resolve-metrics";
import type { Severity } from "../src/model/vocabulary";
import { ServiceLogs } from "./service-logs";
import { alarmSettings, compositeAlarm } from "./composite-alarm";

export type Topics = Record<Severity, pulumi.Input<string>>;

export interface ServiceMonitoringArgs {
  environment: string;
  service: Pick<Service, "name" | "team" | "tier" | "runbook" | "health">;
  /** The service's alarms, from `alarmSpecs()`. */
  alarms: AlarmSpec[];
  /** Topic per severity in the stack's region. */
  topics: Topics;
  /** Uptime checks report only in us-east-1: a provider there and topics there. */
  usEast1?: { provider: pulumi.ProviderResource; topics: Topics };
  /** Its "unhealthy" composite alarm, from `compositeSpec()`; none when undefined. */
  composite?: CompositeSpec;
  /** Its log group, filters and saved queries; none when undefined. */
  logs?: ResolvedLogs;
  /** Protect stateful children (the log group). Default false. */
  protect?: boolean;
  /** Every resolved alarm, disabled ones too: recorded so the summary shows each knob's source. */
  resolved?: ResolvedAlarm[];
}

/**
 * @example
 * new ServiceMonitoring("prod-orders", {
 *   environment: "prod", service, alarms: alarmSpecs("prod", service),
 *   topics: routes.topicArns, usEast1: { provider, topics: usEast1Routes.topicArns },
 * });
 */
export class ServiceMonitoring extends pulumi.ComponentResource {
  readonly alarmNames: string[];

  constructor(name: string, args: ServiceMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = alarmSettings(args.service.name, args.alarms, args.resolved ?? [], args.composite);
    super("servio:monitoring:ServiceMonitoring", name, settings, opts);

    const { service } = args;
    const tags = {
      service: service.name,
      environment: args.environment,
      team: service.team,
      tier: String(service.tier),
      ...(service.runbook ? { runbook: service.runbook } : {}),
      "managed-by": "servio-monitoring",
    };

    if (args.logs) {
      const logsArgs = { environment: args.environment, service: service.name, logs: args.logs };
      new ServiceLogs(`${name}-logs`, { ...logsArgs, protect: args.protect, tags }, { parent: this });
    }

    // Children of the composite take its child severity, so they notify without paging and
    // reach exactly that severity's channels; the composite pages.
    const composite = args.composite;
    const children: aws.cloudwatch.MetricAlarm[] = [];
    for (const alone of args.alarms.filter((a) => a.region === "stack")) {
      const child = composite?.children.includes(alone.alarmName);
      const spec = child ? { ...alone, severity: composite!.childSeverity } : alone;
      const extra: Record<string, string> = child ? { composite: composite!.alarmName } : {};
      const alarmName = `${name}-${spec.id.replaceAll("/", "-")}`;
      const alarm = metricAlarm(alarmName, spec, args.topics, { ...tags, ...extra }, { parent: this });
      if (child) children.push(alarm);
    }
    if (composite) {
      const opts = { parent: this, dependsOn: children };
      compositeAlarm(`${name}-unhealthy`, composite, args.topics, tags, opts);
    }

    const uptime = args.alarms.find((a) => a.key === "uptime");
    if (uptime && service.health) {
      if (!args.usEast1) throw new Error(`${service.name}: an uptime check needs the us-east-1 provider and topics`);
      const url = new URL(service.health.url);
      const check = new aws.route53.HealthCheck(`${name}-uptime-check`, {
        type: "HTTPS",
        fqdn: url.hostname,
        port: url.port ? Number(url.port) : 443,
        resourcePath: `${url.pathname}${url.search}`,
        requestInterval: 30,
        failureThreshold: 3,
        measureLatency: true,
        enableSni: true,
        tags: { ...tags, Name: `servio-${args.environment}-${service.name}` },
      }, { parent: this });
      const spec = { ...uptime, metric: { ...uptime.metric!, dimensions: { HealthCheckId: check.id } } };
      metricAlarm(`${name}-uptime`, spec, args.usEast1.topics, tags, {
        parent: this,
        provider: args.usEast1.provider,
      });
    }

    this.alarmNames = args.alarms.map((a) => a.alarmName);
    this.registerOutputs({});
  }
}

type Dimensions = Record<string, pulumi.Input<string>>;
type Spec = Omit<AlarmSpec, "metric" | "sources"> & { metric?: Omit<NonNullable<AlarmSpec["metric"]>, "dimensions"> & { dimensions: Dimensions } };

/** One CloudWatch alarm from its spec: notifies on alarm and on recovery. */
function metricAlarm(
  name: string,
  spec: Spec,
  topics: Topics,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const topic = topics[spec.severity];
  const percentile = spec.metric && /^p\d/.test(spec.metric.stat);
  return new aws.cloudwatch.MetricAlarm(name, {
    name: spec.alarmName,
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    thresholdMetricId: spec.thresholdMetricId,
    evaluationPeriods: spec.knobs.evaluationPeriods,
    datapointsToAlarm: spec.knobs.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    ...(spec.metric
      ? {
          namespace: spec.metric.namespace,
          metricName: spec.metric.metricName,
          dimensions: spec.metric.dimensions,
          period: spec.knobs.period,
          ...(percentile ? { extendedStatistic: spec.metric.stat } : { statistic: spec.metric.stat }),
        }
      : {
          metricQueries: spec.queries!.map((q) => ({
            id: q.id,
            label: q.label,
            expression: q.expression,
            returnData: q.returnData,
            metric: q.metric && {
              namespace: q.metric.namespace,
              metricName: q.metric.metricName,
              dimensions: q.metric.dimensions,
              stat: q.metric.stat,
              period: spec.knobs.period,
            },
          })),
        }),
    alarmActions: [topic],
    okActions: [topic],
    tags: { ...tags, severity: spec.severity, alarm: spec.key, ...(spec.family ? { family: spec.family } : {}) },
  }, opts);
}
