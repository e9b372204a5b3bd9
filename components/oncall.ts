/**
 * OnCall: the PagerDuty side of incident response for one environment. It looks up the
 * people (PagerDuty users by e-mail) and the integration vendors once, then sets up each
 * team with a `TeamOnCall`: schedules, escalation policy, services and integrations.
 */
import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";

import type { Service, Team } from "../src/model/model";
import type { OnCallConfig } from "../src/model/oncall-schema";
import { INTEGRATION_VENDORS, INTEGRATIONS, type IntegrationKind, type ServiceIntegrations, TeamOnCall } from "./team-oncall";

export { INTEGRATION_VENDORS, INTEGRATIONS, type IntegrationKind, type ServiceIntegrations } from "./team-oncall";

/** PagerDuty's vendor name for the CloudWatch integration. */
export const CLOUDWATCH_VENDOR = INTEGRATION_VENDORS.cloudwatch;

export interface OnCallArgs {
  environment: string;
  /** Teams to set up; each needs a person in `oncall` (two when a level pages the secondary). */
  teams: Team[];
  services: Pick<Service, "name" | "description" | "team" | "runbook" | "tier">[];
  /** Rotation, escalation, timeouts and support hours (`servio-monitoring:oncall`). */
  config: OnCallConfig;
  /**
   * Protect the PagerDuty services from deletion: removing one loses its incident history.
   * @default false
   */
  protect?: boolean;
}

/**
 * @example
 * const oncall = new OnCall("prod", { environment: "prod", teams, services, config, protect: true });
 * // oncall.endpoints.orders: the URL the CloudWatch alarms of orders page through
 * // oncall.integrations.orders.sentry: the key a Sentry alert rule of orders pages with
 */
export class OnCall extends pulumi.ComponentResource {
  /** Per service, the PagerDuty CloudWatch integration URL (a secret: it holds the routing key). */
  readonly endpoints: Record<string, pulumi.Output<string>> = {};
  /** Per service, the integration key of each alert source (`cloudwatch`, `sentry`, `datadog`), secret. */
  readonly integrations: Record<string, ServiceIntegrations> = {};
  /** Per service, the PagerDuty service id (Datadog's integration names the service too). */
  readonly serviceIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: OnCallArgs, opts?: pulumi.ComponentResourceOptions) {
    const emails = [...new Set(args.teams.flatMap((t) => t.oncall))].sort();
    const found = emails.map((email) => ({ email, user: pagerduty.getUserOutput({ email }, opts) }));
    // The people, with their PagerDuty ids: the docs and checks read contacts from here.
    super("servio:monitoring:OnCall", name, {
      environment: args.environment,
      people: found.map(({ email, user }) => ({ email, id: user.id })),
    }, opts);

    const users = Object.fromEntries(found.map(({ email, user }) => [email, user.id]));
    const vendors = Object.fromEntries(INTEGRATIONS.map((kind) => [
      kind,
      pagerduty.getVendorOutput({ name: INTEGRATION_VENDORS[kind] }, { parent: this }).id,
    ])) as Record<IntegrationKind, pulumi.Output<string>>;

    for (const team of args.teams) {
      const services = args.services.filter((s) => s.team === team.name);
      const teamOnCall = new TeamOnCall(`${name}-${team.name}`, {
        environment: args.environment,
        team,
        services,
        config: args.config,
        users,
        vendors,
        protect: args.protect,
      }, { parent: this });
      Object.assign(this.integrations, teamOnCall.integrations);
      Object.assign(this.serviceIds, teamOnCall.serviceIds);
    }
    for (const [service, keys] of Object.entries(this.integrations)) {
      this.endpoints[service] = pulumi.secret(
        pulumi.interpolate`https://events.pagerduty.com/integration/${keys.cloudwatch}/enqueue`,
      );
    }
    this.registerOutputs({});
  }
}
