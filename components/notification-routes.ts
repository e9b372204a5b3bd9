/**
 * NotificationRoutes: one SNS topic per severity, subscribed to the channels the environment's
 * routing names for that severity. Alarms publish to the topic of their severity and never
 * name a channel themselves, so changing who hears about what is a change of routing only.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { ChannelConfig } from "../src/model/schema";
import { chatbotRole, slackRoute } from "./chatbot";
import { SEVERITIES, type Severity } from "../src/model/vocabulary";

/** A service's pager: where its paging alarms go, and which alarm names are its own. */
export interface Pager {
  service: string;
  /** Alarm-name prefix of the service (`servio/prod/orders/`). */
  alarmPrefix: string;
  /** The PagerDuty CloudWatch integration URL; it carries the routing key, so keep it secret. */
  endpoint: pulumi.Input<string>;
}

export interface NotificationRoutesArgs {
  /** Environment name, used in topic names (`servio-prod-critical`). */
  environment: string;
  /** For each severity, the channel names it reaches. */
  routing: Record<Severity, string[]>;
  channels: Record<string, ChannelConfig>;
  /** Paging targets per service; required when a routed channel is of type `pagerduty`. */
  pagers?: Pager[];
  /** Secret values by config key, for webhook channels (`urlSecret`). */
  secrets?: Record<string, pulumi.Input<string>>;
  /** Suffix for the topic names when the routes live in a second region (`us-east-1`). */
  regionSuffix?: string;
}

/**
 * @example
 * const routes = new NotificationRoutes("prod", {
 *   environment: "prod",
 *   routing: { critical: ["email"], warning: ["email"], info: [] },
 *   channels: { email: { type: "email", addresses: ["sre@servio.example"] } },
 * });
 * // routes.topicArns.critical is the alarm action for critical alarms
 */
export class NotificationRoutes extends pulumi.ComponentResource {
  readonly topicArns: Record<Severity, pulumi.Output<string>>;
  /** Chatbot roles by Slack channel name: one per channel, shared by its severities. */
  private readonly chatbotRoles = new Map<string, aws.iam.Role>();

  constructor(name: string, args: NotificationRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("servio:monitoring:NotificationRoutes", name, {}, opts);

    const suffix = args.regionSuffix ? `-${args.regionSuffix}` : "";
    const topicArns = {} as Record<Severity, pulumi.Output<string>>;
    for (const [channelName, channel] of Object.entries(args.channels)) {
      if (channel.type !== "slack" || !SEVERITIES.some((s) => args.routing[s].includes(channelName))) continue;
      this.chatbotRoles.set(channelName, chatbotRole(`${name}-${channelName}-chatbot`, channelName, { parent: this }));
    }
    for (const severity of SEVERITIES) {
      const topicName = `servio-${args.environment}-${severity}${suffix}`;
      const topic = new aws.sns.Topic(`${name}-${severity}`, {
        name: topicName,
        displayName: `Servio ${args.environment} ${severity} alerts`,
        tags: { environment: args.environment, severity, "managed-by": "servio-monitoring" },
      }, { parent: this });
      topicArns[severity] = topic.arn;
      for (const channelName of args.routing[severity]) {
        this.subscribe(`${name}-${severity}-${channelName}`, topic, severity, channelName, args);
      }
    }
    this.topicArns = topicArns;
    this.registerOutputs({ topicArns });
  }

  private subscribe(name: string, topic: aws.sns.Topic, severity: Severity, channelName: string, args: NotificationRoutesArgs): void {
    const channel = args.channels[channelName];
    const route = new Route(name, {
      severity,
      channel: channelName,
      channelType: channel.type,
      topic: topic.arn,
      ...(channel.type === "pagerduty" ? { services: (args.pagers ?? []).map((p) => p.service) } : {}),
    }, { parent: this });
    const opts = { parent: route };
    switch (channel.type) {
      case "email":
        for (const [i, address] of channel.addresses.entries()) {
          new aws.sns.TopicSubscription(`${name}-${i}`, { topic: topic.arn, protocol: "email", endpoint: address }, opts);
        }
        return;
      case "webhook": {
        const url = args.secrets?.[channel.urlSecret];
        if (url === undefined) throw new Error(`channel "${channelName}" needs the secret "${channel.urlSecret}"`);
        new aws.sns.TopicSubscription(name, {
          topic: topic.arn,
          protocol: "https",
          endpoint: pulumi.secret(url),
          endpointAutoConfirms: true,
        }, opts);
        return;
      }
      case "slack": {
        const role = this.chatbotRoles.get(channelName)!;
        slackRoute(name, {
          configurationName: `servio-${args.environment}-${severity}-${channelName}${args.regionSuffix ? `-${args.regionSuffix}` : ""}`,
          workspaceId: channel.workspaceId,
          channelId: channel.channelId,
          topic: topic.arn,
          role,
          tags: { environment: args.environment, severity, "managed-by": "servio-monitoring" },
        }, opts);
        return;
      }
      case "pagerduty":
        // One subscription per service, filtered on the alarm name, so each alarm pages
        // only the service that owns it.
        for (const pager of args.pagers ?? []) {
          new aws.sns.TopicSubscription(`${name}-${pager.service}`, {
            topic: topic.arn,
            protocol: "https",
            endpoint: pulumi.secret(pager.endpoint),
            endpointAutoConfirms: true,
            filterPolicyScope: "MessageBody",
            filterPolicy: JSON.stringify({ AlarmName: [{ prefix: pager.alarmPrefix }] }),
          }, opts);
        }
        return;
    }
  }
}

/**
 * Route: one channel's subscriptions to one severity's topic. Its inputs name the severity
 * and the channel, so the plan itself says who an alarm reaches.
 */
export class Route extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: {
      severity: pulumi.Input<string>;
      channel: string;
      channelType: string;
      topic: pulumi.Input<string>;
      /** For a PagerDuty route: the services whose alarms it pages. */
      services?: string[];
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("servio:monitoring:Route", name, args, opts);
    this.registerOutputs({});
  }
}
