/**
 * ServiceLogs: a service's CloudWatch log group, the metric filters that count its error
 * lines (feeding the `log-errors/<id>` alarms) and the Logs Insights queries saved for it.
 * The log group outlives the stack (retain on delete) and is protected where the
 * environment protects stateful resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { logNamespace } from "../src/model/alarm-specs-metrics";
import type { ResolvedLogs } from "../src/model/resolve-metrics";

export interface ServiceLogsArgs {
  environment: string;
  service: string;
  logs: ResolvedLogs;
  /** `servio-monitoring:protect`: refuse to delete the log group. Default false. */
  protect?: boolean;
  tags?: Record<string, string>;
}

/**
 * @example
 * new ServiceLogs("prod-orders-logs", {
 *   environment: "prod", service: "orders", protect: true,
 *   logs: {
 *     groupName: "/servio/prod/orders", retentionDays: 90, retentionSource: "Pulumi.prod.yaml",
 *     errorPatterns: { errors: "?ERROR ?FATAL" }, queries: {},
 *   },
 * });
 */
export class ServiceLogs extends pulumi.ComponentResource {
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: ServiceLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("servio:monitoring:ServiceLogs", name, {
      retentionDays: args.logs.retentionDays,
      retentionSource: args.logs.retentionSource,
    }, opts);
    const { logs } = args;

    // Logs are evidence: removing the service from the catalog must not delete them.
    const group = new aws.cloudwatch.LogGroup(`${name}-group`, {
      name: logs.groupName,
      retentionInDays: logs.retentionDays,
      tags: args.tags,
    }, { parent: this, retainOnDelete: true, protect: args.protect ?? false });

    for (const [id, pattern] of Object.entries(logs.errorPatterns)) {
      new aws.cloudwatch.LogMetricFilter(`${name}-${id}`, {
        name: `${args.service}-${id}`,
        logGroupName: group.name,
        pattern,
        metricTransformation: {
          namespace: logNamespace(args.environment),
          name: `${args.service}/${id}`,
          value: "1",
          // Reports 0 while logs flow and nothing matches, so a quiet minute reads as 0.
          defaultValue: "0",
          unit: "Count",
        },
      }, { parent: this });
    }

    for (const [id, queryString] of Object.entries(logs.queries)) {
      new aws.cloudwatch.QueryDefinition(`${name}-${id}`, {
        // Slashes make folders in the console's saved queries.
        name: `servio/${args.environment}/${args.service}/${id}`,
        logGroupNames: [group.name],
        queryString,
      }, { parent: this });
    }

    this.logGroupName = group.name;
    this.registerOutputs({ logGroupName: this.logGroupName });
  }
}
