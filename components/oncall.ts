/**
 * OnCall: PagerDuty escalation policies per team and a PagerDuty service per catalog service,
 * each with an Amazon CloudWatch integration whose URL the paging routes post to.
 */
import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";

import type { Service, Team } from "../src/model/model";

export interface OnCallArgs {
  environment: string;
  teams: Team[];
  services: Pick<Service, "name" | "description" | "team" | "runbook" | "tier">[];
  /**
   * Protect the PagerDuty services from deletion: removing one loses its incident history.
   * @default false
   */
  protect?: boolean;
  /**
   * Minutes before an unacknowledged page goes to the next person.
   * @default 15
   */
  escalationDelayMinutes?: number;
}

/** PagerDuty's vendor name for the CloudWatch integration. */
export const CLOUDWATCH_VENDOR = "Amazon CloudWatch";

/**
 * @example
 * const oncall = new OnCall("prod", { environment: "prod", teams, services, protect: true });
 * // oncall.endpoints.orders is the URL CloudWatch alarms of orders page through
 */
export class OnCall extends pulumi.ComponentResource {
  /** Per service, the PagerDuty CloudWatch integration URL (a secret: it holds the routing key). */
  readonly endpoints: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: OnCallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("servio:monitoring:OnCall", name, {}, opts);

    const delay = args.escalationDelayMinutes ?? 15;
    const vendor = pagerduty.getVendorOutput({ name: CLOUDWATCH_VENDOR }, { parent: this });
    const policies: Record<string, pagerduty.EscalationPolicy> = {};
    for (const team of args.teams) {
      const users = team.oncall.map((email) => pagerduty.getUserOutput({ email }, { parent: this }));
      policies[team.name] = new pagerduty.EscalationPolicy(`${name}-${team.name}`, {
        name: `${team.displayName} (${args.environment})`,
        description: `Pages ${team.displayName} for Servio ${args.environment}; managed by servio-monitoring`,
        numLoops: 2,
        rules: users.map((user) => ({
          escalationDelayInMinutes: delay,
          targets: [{ type: "user_reference", id: user.id }],
        })),
      }, { parent: this });
    }

    this.endpoints = {};
    for (const service of args.services) {
      const pdService = new pagerduty.Service(`${name}-${service.name}`, {
        name: `${service.name} (${args.environment})`,
        description: `${service.description}. Tier ${service.tier}.${service.runbook ? ` Runbook: ${service.runbook}` : ""}`,
        escalationPolicy: policies[service.team].id,
        acknowledgementTimeout: "1800",
        autoResolveTimeout: "14400",
        alertCreation: "create_alerts_and_incidents",
      }, { parent: this, protect: args.protect ?? false });
      const integration = new pagerduty.ServiceIntegration(`${name}-${service.name}-cloudwatch`, {
        name: "Amazon CloudWatch",
        service: pdService.id,
        vendor: vendor.id,
      }, { parent: this });
      this.endpoints[service.name] = pulumi.secret(
        pulumi.interpolate`https://events.pagerduty.com/integration/${integration.integrationKey}/enqueue`,
      );
    }
    this.registerOutputs({});
  }
}
