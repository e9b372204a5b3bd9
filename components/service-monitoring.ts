/**
 * ServiceMonitoring: everything that watches one service. CloudWatch alarms on its entry
 * points, an uptime check of its health URL, all tagged with owner and runbook and publishing
 * to the topic of their severity.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { AlarmSpec } from "../src/model/alarm-specs";
import type { Service } from "../src/model/model";
import type { Severity } from "../src/model/vocabulary";

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
    super("servio:monitoring:ServiceMonitoring", name, {}, opts);

    const { service } = args;
    const tags = {
      service: service.name,
      environment: args.environment,
      team: service.team,
      tier: String(service.tier),
      ...(service.runbook ? { runbook: service.runbook } : {}),
      "managed-by": "servio-monitoring",
    };

    for (const spec of args.alarms.filter((a) => a.region === "stack")) {
      metricAlarm(`${name}-${spec.id.replaceAll("/", "-")}`, spec, args.topics, tags, { parent: this });
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
type Spec = Omit<AlarmSpec, "metric"> & { metric?: Omit<NonNullable<AlarmSpec["metric"]>, "dimensions"> & { dimensions: Dimensions } };

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
    tags: { ...tags, severity: spec.severity, alarm: spec.key },
  }, opts);
}
