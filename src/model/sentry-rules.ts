/**
 * Sentry alert rules of one service, as plain data: three issue alerts (a new issue, a
 * regression, a high-frequency issue) and two metric alerts (error rate, p95 transaction
 * duration). The component turns a spec into a resource and nothing more, so what each rule
 * matches, how severe it is and whom it reaches is tested here directly.
 */
import { alarmName } from "./alarm-specs";
import type { Service } from "./model";
import { type SentrySettings, type SentryTarget, sentryTargets } from "./sentry";
import type { ChannelConfig } from "./schema";
import type { Severity, Tier } from "./vocabulary";

/** Ids of Sentry's rule registry (`sentry.rules.*`) this project uses. */
export const SENTRY_IDS = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  eventFrequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  levelFilter: "sentry.rules.filters.level.LevelFilter",
  notifyEmail: "sentry.mail.actions.NotifyEmailAction",
  pagerDuty: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
  sentryApp: "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction",
  slack: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
} as const;

/** Sentry's numeric level of `error`: the rules ignore warnings and info messages. */
export const ERROR_LEVEL = "40";

/** The issue alerts every service gets, in the order they are declared. */
export const ISSUE_RULES = ["newIssue", "regression", "highFrequency"] as const;
/** One of ISSUE_RULES. */
export type IssueRuleKey = (typeof ISSUE_RULES)[number];
/** The metric alerts every service gets. */
export const METRIC_RULES = ["errorRate", "p95Duration"] as const;
/** One of METRIC_RULES. */
export type MetricRuleKey = (typeof METRIC_RULES)[number];

/**
 * Severity of each issue alert by tier. A burst of one error pages tier 1; a new issue is worth a
 * warning (a ticket in prod), and for an internal tier-3 service only information.
 */
export const ISSUE_RULE_SEVERITY: Record<IssueRuleKey, Record<Tier, Severity>> = {
  newIssue: { 1: "warning", 2: "warning", 3: "info" },
  regression: { 1: "warning", 2: "warning", 3: "info" },
  highFrequency: { 1: "critical", 2: "warning", 3: "warning" },
};

/**
 * Severity of each metric alert trigger by tier, as for the CloudWatch 5xx and latency alarms:
 * only tier 1's error rate pages; slowness is never worth waking someone.
 */
export const METRIC_RULE_SEVERITY: Record<MetricRuleKey, Record<Tier, Record<TriggerLabel, Severity>>> = {
  errorRate: {
    1: { critical: "critical", warning: "warning" },
    2: { critical: "warning", warning: "info" },
    3: { critical: "warning", warning: "info" },
  },
  p95Duration: {
    1: { critical: "warning", warning: "info" },
    2: { critical: "warning", warning: "info" },
    3: { critical: "info", warning: "info" },
  },
};

/** Every severity a service of `tier` has Sentry rules of: what its routes must reach. */
export function ruleSeverities(tier: Tier): Severity[] {
  const issue = ISSUE_RULES.map((k) => ISSUE_RULE_SEVERITY[k][tier]);
  const metric = METRIC_RULES.flatMap((k) => Object.values(METRIC_RULE_SEVERITY[k][tier]));
  return [...new Set([...issue, ...metric])].sort();
}

/** Sentry knows two trigger labels; `critical` is required. */
export type TriggerLabel = "critical" | "warning";

/** An issue alert as data: the inputs of a SentryIssueAlert, bar the ids resolved at deploy. */
export interface IssueRuleSpec {
  key: IssueRuleKey;
  /** `servio/<env>/<service>/<slug>`, like the CloudWatch alarms. */
  name: string;
  severity: Severity;
  /** Channels of the severity's route, and how Sentry reaches each. */
  targets: SentryTarget[];
  conditions: Record<string, string>[];
  filters: Record<string, string>[];
  actionMatch: "any";
  filterMatch: "all";
  /** Minutes between two actions for the same issue. */
  frequency: number;
  /** Sentry environment the rule looks at. */
  environment: string;
}

/** One trigger of a metric alert, with the severity and targets of its actions. */
export interface TriggerSpec {
  label: TriggerLabel;
  /** In the aggregate's own unit (a fraction for `failure_rate()`, ms for durations). */
  threshold: number;
  severity: Severity;
  targets: SentryTarget[];
}

/** A metric alert as data: the inputs of a SentryMetricAlert, bar the ids resolved at deploy. */
export interface MetricRuleSpec {
  key: MetricRuleKey;
  name: string;
  dataset: "transactions";
  eventTypes: string[];
  aggregate: string;
  query: string;
  /** Minutes. */
  timeWindow: number;
  /** 0: fires above the thresholds. */
  thresholdType: 0;
  environment: string;
  /** Critical first, as Sentry lists them. */
  triggers: TriggerSpec[];
}

const SLUG: Record<IssueRuleKey | MetricRuleKey, string> = {
  newIssue: "new-issue",
  regression: "regression",
  highFrequency: "high-frequency",
  errorRate: "error-rate",
  p95Duration: "p95-duration",
};

/** Context every spec needs: the stack, its settings and its routes. */
export interface RuleContext {
  environment: string;
  settings: SentrySettings;
  channels: Record<string, ChannelConfig>;
  routing: Record<Severity, string[]>;
}

/** The issue alerts of a service. */
export function issueRuleSpecs(ctx: RuleContext, service: Pick<Service, "name" | "tier">): IssueRuleSpec[] {
  const { settings } = ctx;
  const conditions: Record<IssueRuleKey, Record<string, string>> = {
    newIssue: { id: SENTRY_IDS.firstSeen },
    regression: { id: SENTRY_IDS.regression },
    highFrequency: {
      id: SENTRY_IDS.eventFrequency,
      comparisonType: "count",
      value: String(settings.highFrequency.events),
      interval: settings.highFrequency.interval,
    },
  };
  return ISSUE_RULES.map((key) => {
    const severity = ISSUE_RULE_SEVERITY[key][service.tier];
    return {
      key,
      name: alarmName(ctx.environment, service.name, SLUG[key]),
      severity,
      targets: sentryTargets(settings, ctx.channels, ctx.routing[severity], service.name),
      conditions: [conditions[key]],
      filters: [{ id: SENTRY_IDS.levelFilter, match: "gte", level: ERROR_LEVEL }],
      actionMatch: "any",
      filterMatch: "all",
      frequency: settings.actionInterval,
      environment: settings.environment,
    };
  });
}

/** The metric alerts of a service: error rate and p95 duration of its transactions. */
export function metricRuleSpecs(ctx: RuleContext, service: Pick<Service, "name" | "tier">): MetricRuleSpec[] {
  const aggregates: Record<MetricRuleKey, { aggregate: string; scale: number }> = {
    // Sentry computes failure_rate() as a fraction: 5 % is 0.05.
    errorRate: { aggregate: "failure_rate()", scale: 0.01 },
    p95Duration: { aggregate: "p95(transaction.duration)", scale: 1 },
  };
  return METRIC_RULES.map((key) => {
    const levels = ctx.settings[key];
    const { aggregate, scale } = aggregates[key];
    const triggers = (["critical", "warning"] as const).map((label): TriggerSpec => {
      const severity = METRIC_RULE_SEVERITY[key][service.tier][label];
      return {
        label,
        threshold: round(levels[label] * scale),
        severity,
        targets: sentryTargets(ctx.settings, ctx.channels, ctx.routing[severity], service.name),
      };
    });
    return {
      key,
      name: alarmName(ctx.environment, service.name, SLUG[key]),
      dataset: "transactions",
      eventTypes: ["transaction"],
      aggregate,
      query: "",
      timeWindow: levels.timeWindow,
      thresholdType: 0,
      environment: ctx.settings.environment,
      triggers,
    };
  });
}

/** Rounds away binary noise (2 × 0.01 is 0.02, not 0.020000000000000004). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** The issue alert action that reaches one target; `teamId` is the owning team's Sentry id. */
export function issueAction<T>(
  target: SentryTarget,
  severity: Severity,
  teamId: T,
): Record<string, string | T> {
  switch (target.type) {
    case "email":
      return { id: SENTRY_IDS.notifyEmail, targetType: "Team", targetIdentifier: teamId };
    case "pagerduty":
      return {
        id: SENTRY_IDS.pagerDuty,
        account: String(target.integrationId),
        service: String(target.serviceId),
        severity,
      };
    case "webhook":
      return { id: SENTRY_IDS.sentryApp, sentryAppInstallationUuid: target.installationUuid };
    case "slack":
      return {
        id: SENTRY_IDS.slack,
        workspace: String(target.integrationId),
        channel: target.slackChannel,
        // Sentry's Slack form field is snake_case; with it Sentry skips looking the name up.
        channel_id: target.channelId,
      };
  }
}

/** The metric alert trigger action that reaches one target. */
export function metricAction<T>(target: SentryTarget, teamId: T): {
  type: string;
  targetType: string;
  targetIdentifier: string | T;
  integrationId?: number;
} {
  switch (target.type) {
    case "email":
      return { type: "email", targetType: "team", targetIdentifier: teamId };
    case "pagerduty":
      return {
        type: "pagerduty",
        targetType: "specific",
        targetIdentifier: String(target.serviceId),
        integrationId: target.integrationId,
      };
    case "webhook":
      return { type: "sentry_app", targetType: "sentry_app", targetIdentifier: String(target.sentryAppId) };
    case "slack":
      return {
        type: "slack",
        targetType: "specific",
        targetIdentifier: target.slackChannel,
        integrationId: target.integrationId,
      };
  }
}
