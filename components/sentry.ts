/**
 * SentryMonitoring: error tracking for every service of an environment. A Sentry team per
 * owning team; per service a project, a rate-limited client key and the alert rules of
 * `src/model/sentry-rules.ts`, each rule's actions reaching the channels of its severity.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";

import type { Service, Team } from "../src/model/model";
import type { ChannelConfig } from "../src/model/schema";
import type { SentrySettings, SentryTarget } from "../src/model/sentry";
import {
  issueAction,
  type IssueRuleSpec,
  issueRuleSpecs,
  metricAction,
  type MetricRuleSpec,
  metricRuleSpecs,
  type RuleContext,
} from "../src/model/sentry-rules";
import type { Severity } from "../src/model/vocabulary";

/** What the component needs of a service; `platform` defaults to `other`. */
export type SentryService = Pick<Service, "name" | "description" | "team" | "tier" | "runbook" | "platform">;

/** Inputs of SentryMonitoring; every rule setting comes from `settings`, none has a default here. */
export interface SentryMonitoringArgs {
  /** Stack name, used in rule names (`servio/prod/orders/new-issue`). */
  environment: string;
  /** The environment's `servio-monitoring:sentry` settings. */
  settings: SentrySettings;
  /** Teams owning at least one of `services`; each becomes a Sentry team (slug = team name). */
  teams: Pick<Team, "name" | "displayName">[];
  /** Each gets a project, a key and its rules. */
  services: SentryService[];
  /** The environment's channels (`servio-monitoring:channels`), which routes name. */
  channels: Record<string, ChannelConfig>;
  /** For each severity, the channel names it reaches. */
  routing: Record<Severity, string[]>;
  /**
   * Protect the projects from deletion: removing a service from the catalog must not silently
   * delete its error history. @default false
   */
  protect?: boolean;
  /**
   * Where `settings` came from (`Pulumi.prod.yaml`), shown beside every rule in the plan summary.
   * @default "servio-monitoring:sentry"
   */
  settingsFile?: string;
}

/**
 * @example
 * const sentry = new SentryMonitoring("prod", {
 *   environment: "prod", settings: model.sentry, teams, services: model.services,
 *   channels: model.channels, routing: model.routing, protect: true,
 * });
 * // sentry.dsns.orders is the DSN the orders service reports with (a secret)
 */
export class SentryMonitoring extends pulumi.ComponentResource {
  /** Per service, the public DSN of its client key, as a secret. */
  readonly dsns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: SentryMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("servio:monitoring:SentryMonitoring", name, {}, opts);

    const organization = args.settings.organization;
    const teams: Record<string, sentry.SentryTeam> = {};
    for (const team of args.teams) {
      teams[team.name] = new sentry.SentryTeam(`${name}-team-${team.name}`, {
        organization,
        name: team.displayName,
        slug: team.name,
      }, { parent: this });
    }

    const { environment, settings, channels, routing } = args;
    const ctx: RuleContext = { environment, settings, channels, routing };
    this.dsns = {};
    for (const service of args.services) {
      const team = teams[service.team];
      if (!team) throw new Error(`${service.name}: its team "${service.team}" is not among the Sentry teams`);
      const project = new SentryServiceProject(`${name}-${service.name}`, {
        ctx, service, team, protect: args.protect ?? false,
        setBy: `levels: ${args.settingsFile ?? "servio-monitoring:sentry"}; severity: tier ${service.tier} default`,
      }, { parent: this });
      this.dsns[service.name] = project.dsn;
    }
    this.registerOutputs({ dsns: this.dsns });
  }
}

interface SentryServiceProjectArgs {
  ctx: RuleContext;
  service: SentryService;
  team: sentry.SentryTeam;
  protect: boolean;
  /** Where the rules' levels and severities came from, for the summary. */
  setBy: string;
}

/**
 * One service's project, key and rules. Its inputs say each rule's severity and the channels it
 * reaches, so the plan itself tells who hears of a Sentry alert.
 */
class SentryServiceProject extends pulumi.ComponentResource {
  readonly dsn: pulumi.Output<string>;

  constructor(name: string, args: SentryServiceProjectArgs, opts: pulumi.ComponentResourceOptions) {
    const { ctx, service } = args;
    const issueRules = issueRuleSpecs(ctx, service);
    const metricRules = metricRuleSpecs(ctx, service);
    super("servio:monitoring:SentryServiceProject", name, {
      service: service.name,
      team: service.team,
      tier: service.tier,
      runbook: service.runbook,
      environment: ctx.environment,
      rules: routesOf(issueRules, metricRules),
      setBy: args.setBy,
    }, opts);

    const organization = ctx.settings.organization;
    const child = { parent: this };
    const project = new sentry.SentryProject(`${name}-project`, {
      organization,
      name: service.name,
      slug: service.name,
      platform: service.platform ?? "other",
      teams: [args.team.slug],
    }, { ...child, protect: args.protect });

    const key = new sentry.SentryKey(`${name}-key`, {
      organization,
      project: project.slug,
      name: `servio-monitoring ${ctx.environment}`,
      rateLimitCount: ctx.settings.keyRateLimit.count,
      rateLimitWindow: ctx.settings.keyRateLimit.window,
    }, child);
    this.dsn = pulumi.secret(key.dsnPublic);

    const teamId = args.team.internalId;
    for (const spec of issueRules) {
      // Sentry refuses an issue alert without an action: a severity routed nowhere gets no rule.
      if (spec.targets.length === 0) continue;
      new sentry.SentryIssueAlert(`${name}-${slugOf(spec.name)}`, {
        organization,
        project: project.slug,
        name: spec.name,
        environment: spec.environment,
        actionMatch: spec.actionMatch,
        filterMatch: spec.filterMatch,
        frequency: spec.frequency,
        conditions: spec.conditions,
        filters: spec.filters,
        actions: spec.targets.map((t) => issueAction(t, spec.severity, teamId)),
      }, child);
    }

    for (const spec of metricRules) {
      new sentry.SentryMetricAlert(`${name}-${slugOf(spec.name)}`, {
        organization,
        project: project.slug,
        name: spec.name,
        environment: spec.environment,
        dataset: spec.dataset,
        eventTypes: spec.eventTypes,
        aggregate: spec.aggregate,
        query: spec.query,
        timeWindow: spec.timeWindow,
        thresholdType: spec.thresholdType,
        owner: pulumi.interpolate`team:${teamId}`,
        triggers: spec.triggers.map((t) => ({
          label: t.label,
          alertThreshold: t.threshold,
          thresholdType: spec.thresholdType,
          actions: t.targets.map((target) => metricAction(target, teamId)),
        })),
      }, child);
    }
    this.registerOutputs({});
  }
}

/** `servio/prod/orders/new-issue` -> `new-issue`. */
function slugOf(ruleName: string): string {
  return ruleName.slice(ruleName.lastIndexOf("/") + 1);
}

const channelsOf = (targets: SentryTarget[]): string[] => targets.map((t) => t.channel);

/** Per rule name: its kind, severity and channels (per trigger for metric alerts). */
function routesOf(issueRules: IssueRuleSpec[], metricRules: MetricRuleSpec[]): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const r of issueRules) {
    rules[r.name] = { kind: r.key, severity: r.severity, routes: channelsOf(r.targets) };
  }
  for (const r of metricRules) {
    rules[r.name] = {
      kind: r.key,
      triggers: Object.fromEntries(
        r.triggers.map((t) => [t.label, { severity: t.severity, routes: channelsOf(t.targets) }]),
      ),
    };
  }
  return rules;
}
