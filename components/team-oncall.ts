/**
 * TeamOnCall: one team's PagerDuty setup. The team and its people, a schedule per rotation
 * (one weekly layer each), the escalation policy whose levels page those schedules, and a
 * service per catalog service the team owns, each with its alert-source integrations.
 */
import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";

import type { Service, Team } from "../src/model/model";
import { type Rotation, teamOnCall, urgencyOf } from "../src/model/oncall";
import type { OnCallConfig } from "../src/model/oncall-schema";
import { TEAM_ONCALL } from "../src/report/oncall";

/** Alert sources that reach PagerDuty through an integration of each service. */
export const INTEGRATIONS = ["cloudwatch", "sentry", "datadog"] as const;
export type IntegrationKind = (typeof INTEGRATIONS)[number];

/** Integration keys of one service; secrets, since anyone holding one can open incidents. */
export type ServiceIntegrations = Record<IntegrationKind, pulumi.Output<string>>;

export interface TeamOnCallArgs {
  environment: string;
  team: Team;
  /** The catalog services the team owns. */
  services: Pick<Service, "name" | "description" | "runbook" | "tier">[];
  config: OnCallConfig;
  /** PagerDuty user id by e-mail, from `getUser`. */
  users: Record<string, pulumi.Input<string>>;
  /** PagerDuty vendor id of each integration, from `getVendor`. */
  vendors: Record<IntegrationKind, pulumi.Input<string>>;
  /** Protect the PagerDuty services (their incident history). @default false */
  protect?: boolean;
}

/**
 * @example
 * const checkout = new TeamOnCall("prod-checkout", {
 *   environment: "prod", team: teams.checkout, services: [orders], config, users, vendors,
 * }, { parent: oncall });
 * // checkout.integrations.orders.sentry: the key Sentry pages the orders service with
 */
export class TeamOnCall extends pulumi.ComponentResource {
  readonly integrations: Record<string, ServiceIntegrations> = {};
  readonly serviceIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: TeamOnCallArgs, opts?: pulumi.ComponentResourceOptions) {
    const spec = teamOnCall(args.team, args.config, args.environment);
    super(TEAM_ONCALL, name, {
      team: spec.team,
      displayName: spec.displayName,
      email: args.team.email,
      people: spec.people,
      levels: spec.levels.map((l) => ({ ...l, schedule: `${name}-${l.rotation}` })),
      repeats: spec.repeats,
      services: args.services.map((s) => s.name),
    }, opts);
    const child = { parent: this };

    const pdTeam = new pagerduty.Team(`${name}-team`, {
      name: `${args.team.displayName} (${args.environment})`,
      description: `Servio ${args.team.displayName}, ${args.team.email}; managed by servio-monitoring`,
    }, child);
    for (const email of spec.people) {
      new pagerduty.TeamMembership(`${name}-member-${slug(email)}`, {
        teamId: pdTeam.id,
        userId: args.users[email],
        role: "responder",
      }, child);
    }

    const schedules = {} as Record<Rotation, pagerduty.Schedule>;
    for (const s of spec.schedules) {
      schedules[s.rotation] = new pagerduty.Schedule(`${name}-${s.rotation}`, {
        name: s.name,
        description: `${args.team.displayName} ${s.rotation} on-call; managed by servio-monitoring`,
        timeZone: s.timeZone,
        teams: [pdTeam.id],
        layers: [{
          name: `${args.team.displayName} ${s.rotation} weekly`,
          start: s.start,
          rotationVirtualStart: s.start,
          rotationTurnLengthSeconds: s.rotationTurnLengthSeconds,
          users: s.users.map((email) => args.users[email]),
          restrictions: s.restrictions,
        }],
      }, child);
    }

    const policy = new pagerduty.EscalationPolicy(name, {
      name: `${args.team.displayName} (${args.environment})`,
      description: `Pages ${args.team.displayName} for Servio ${args.environment}; managed by servio-monitoring`,
      numLoops: spec.repeats,
      teams: pdTeam.id,
      rules: spec.levels.map((level) => ({
        escalationDelayInMinutes: level.delayMinutes,
        targets: [{ type: "schedule_reference", id: schedules[level.rotation].id }],
      })),
    }, child);

    for (const service of args.services) this.service(service, policy, args);
    this.registerOutputs({});
  }

  private service(service: TeamOnCallArgs["services"][number], policy: pagerduty.EscalationPolicy, args: TeamOnCallArgs): void {
    const base = `${args.environment}-${service.name}`;
    const pdService = new pagerduty.Service(base, {
      name: `${service.name} (${args.environment})`,
      description: `${service.description}. Tier ${service.tier}. Runbook: ${service.runbook}. Post-mortem template: ${args.config.postmortemTemplate}`,
      escalationPolicy: policy.id,
      acknowledgementTimeout: seconds(args.config.acknowledgementTimeoutMinutes),
      autoResolveTimeout: seconds(args.config.autoResolveMinutes),
      alertCreation: "create_alerts_and_incidents",
      ...urgencyOf(service.tier, args.config),
    }, { parent: this, protect: args.protect ?? false });

    const keys = {} as ServiceIntegrations;
    for (const kind of INTEGRATIONS) {
      const integration = new pagerduty.ServiceIntegration(`${base}-${kind}`, {
        name: INTEGRATION_VENDORS[kind],
        service: pdService.id,
        vendor: args.vendors[kind],
      }, { parent: this });
      keys[kind] = pulumi.secret(integration.integrationKey);
    }
    this.integrations[service.name] = keys;
    this.serviceIds[service.name] = pdService.id;
  }
}

/** PagerDuty's vendor name for each integration. */
export const INTEGRATION_VENDORS: Record<IntegrationKind, string> = {
  cloudwatch: "Amazon CloudWatch",
  sentry: "Sentry",
  datadog: "Datadog",
};

/** Minutes as PagerDuty's timeout string in seconds; `"null"` turns the timeout off. */
function seconds(minutes: number | null): string {
  return minutes === null ? "null" : String(minutes * 60);
}

/** `ana.lima@servio.example` -> `ana-lima`. */
function slug(email: string): string {
  return email.split("@")[0].toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
