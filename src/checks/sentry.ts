/**
 * What Sentry's API refuses, or silently misreads, in issue alerts and metric alerts. The ids
 * are those of Sentry's rule registry (`src/sentry/rules/`); the bounds are its serializers'.
 */
import type { PlanResource } from "../plan/plan";
import { SENTRY_FREQUENCY, SENTRY_INTERVALS, SENTRY_RATE_WINDOW } from "../model/sentry";
import { checkMetricAlert, list, oneOf } from "./sentry-metric";
import type { Reporter, ResourceCheck } from "./types";

type Inputs = Record<string, unknown>;

const CONDITIONS = [
  "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  "sentry.rules.conditions.regression_event.RegressionEventCondition",
  "sentry.rules.conditions.reappeared_event.ReappearedEventCondition",
  "sentry.rules.conditions.high_priority_issue.NewHighPriorityIssueCondition",
  "sentry.rules.conditions.high_priority_issue.ExistingHighPriorityIssueCondition",
  "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
  "sentry.rules.conditions.event_frequency.EventFrequencyPercentCondition",
];
const FREQUENCY_CONDITION = /^sentry\.rules\.conditions\.event_frequency\./;
const FILTERS = [
  "sentry.rules.filters.age_comparison.AgeComparisonFilter",
  "sentry.rules.filters.issue_occurrences.IssueOccurrencesFilter",
  "sentry.rules.filters.assigned_to.AssignedToFilter",
  "sentry.rules.filters.latest_release.LatestReleaseFilter",
  "sentry.rules.filters.latest_adopted_release_filter.LatestAdoptedReleaseFilter",
  "sentry.rules.filters.issue_category.IssueCategoryFilter",
  "sentry.rules.filters.event_attribute.EventAttributeFilter",
  "sentry.rules.filters.tagged_event.TaggedEventFilter",
  "sentry.rules.filters.level.LevelFilter",
];
/** Conditions Sentry moved to filters; as conditions they are no longer accepted. */
const LEGACY_CONDITIONS: Record<string, string> = {
  "sentry.rules.conditions.tagged_event.TaggedEventCondition":
    "sentry.rules.filters.tagged_event.TaggedEventFilter",
  "sentry.rules.conditions.event_attribute.EventAttributeCondition":
    "sentry.rules.filters.event_attribute.EventAttributeFilter",
  "sentry.rules.conditions.level.LevelCondition": "sentry.rules.filters.level.LevelFilter",
};
const ACTIONS = [
  "sentry.mail.actions.NotifyEmailAction",
  "sentry.rules.actions.notify_event.NotifyEventAction",
  "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
  "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction",
  "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
  "sentry.integrations.opsgenie.notify_action.OpsgenieNotifyTeamAction",
  "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
  "sentry.integrations.msteams.notify_action.MsTeamsNotifyServiceAction",
  "sentry.integrations.discord.notify_action.DiscordNotifyServiceAction",
  "sentry.integrations.jira.notify_action.JiraCreateTicketAction",
  "sentry.integrations.github.notify_action.GitHubCreateTicketAction",
];
const MATCHES = ["all", "any", "none"];
const PERCENT_INTERVALS = ["5m", "15m", "1h", "1d", "1w", "30d"];
const LEVELS = ["10", "20", "30", "40", "50"];
const EMAIL_TARGETS = ["IssueOwners", "Team", "Member"];
const PAGERDUTY_SEVERITIES = ["default", "critical", "warning", "error", "info"];

const short = (id: string) => id.split(".").pop() ?? id;

/** Checks a SentryIssueAlert against Sentry's rule serializer and rule registry. */
export const checkIssueAlert: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  oneOf(report, "actionMatch", i.actionMatch, MATCHES);
  oneOf(report, "filterMatch", i.filterMatch, MATCHES);
  const frequency = Number(i.frequency);
  if (!Number.isInteger(frequency) || frequency < SENTRY_FREQUENCY.min || frequency > SENTRY_FREQUENCY.max) {
    report(
      "frequency",
      `${String(i.frequency)} minutes is not accepted`,
      `give whole minutes from ${SENTRY_FREQUENCY.min} to ${SENTRY_FREQUENCY.max} (30 days)`,
    );
  }

  const conditions = list(i.conditions);
  if (conditions.length === 0) {
    report(
      "conditions",
      "is empty: the rule would never trigger",
      "add a condition such as FirstSeenEventCondition",
    );
  }
  conditions.forEach((c, n) => checkCondition(report, `conditions[${n}]`, c));
  list(i.filters).forEach((f, n) => checkFilter(report, `filters[${n}]`, f));

  const actions = list(i.actions);
  if (actions.length === 0) {
    report(
      "actions",
      "is empty; Sentry refuses an issue alert without an action",
      "route the rule's severity to a channel",
    );
  }
  actions.forEach((a, n) => checkIssueAction(report, `actions[${n}]`, a));

  if (!hasEnvironment(r)) {
    report(
      "environment",
      "is not set and no filter names an environment: the rule matches events of every environment",
      "set environment to the one the rule belongs to (e.g. production)",
    );
  }
};

function checkCondition(report: Reporter, at: string, c: Inputs): void {
  const id = String(c.id ?? "");
  if (FILTERS.includes(id)) {
    report(
      `${at}.id`,
      `${short(id)} is a filter placed among the conditions`,
      "move it to filters; Sentry refuses filters as conditions",
    );
    return;
  }
  if (LEGACY_CONDITIONS[id]) {
    report(
      `${at}.id`,
      `${short(id)} is no longer a condition Sentry accepts`,
      `use the filter ${short(LEGACY_CONDITIONS[id])} under filters`,
    );
    return;
  }
  if (!CONDITIONS.includes(id)) {
    report(
      `${at}.id`,
      `"${id}" is not a condition Sentry knows`,
      `conditions: ${CONDITIONS.map(short).join(", ")}`,
    );
    return;
  }
  if (!FREQUENCY_CONDITION.test(id)) return;
  const value = Number(c.value);
  if (!Number.isFinite(value) || value <= 0) {
    report(
      `${at}.value`,
      `${String(c.value)} is not above 0: the rule would act on every event`,
      "give the number of events (a positive whole number)",
    );
  }
  if (!(SENTRY_INTERVALS as readonly string[]).includes(String(c.interval))) {
    report(
      `${at}.interval`,
      `"${String(c.interval)}" is not an interval Sentry accepts`,
      `use one of ${SENTRY_INTERVALS.join(", ")}`,
    );
  }
  const comparison = c.comparisonType ?? "count";
  oneOf(report, `${at}.comparisonType`, comparison, ["count", "percent"]);
  if (comparison === "percent" && !PERCENT_INTERVALS.includes(String(c.comparisonInterval))) {
    report(
      `${at}.comparisonInterval`,
      `"${String(c.comparisonInterval)}" is not a comparison interval Sentry accepts`,
      `use one of ${PERCENT_INTERVALS.join(", ")}`,
    );
  }
}

function checkFilter(report: Reporter, at: string, f: Inputs): void {
  const id = String(f.id ?? "");
  if (CONDITIONS.includes(id)) {
    report(
      `${at}.id`,
      `${short(id)} is a condition placed among the filters`,
      "move it to conditions; Sentry refuses conditions as filters",
    );
    return;
  }
  if (!FILTERS.includes(id)) {
    report(`${at}.id`, `"${id}" is not a filter Sentry knows`, `filters: ${FILTERS.map(short).join(", ")}`);
    return;
  }
  if (id.endsWith("LevelFilter")) {
    oneOf(report, `${at}.match`, f.match, ["eq", "gte", "lte"]);
    if (!LEVELS.includes(String(f.level))) {
      report(
        `${at}.level`,
        `"${String(f.level)}" is not a level Sentry knows`,
        "use 10 debug, 20 info, 30 warning, 40 error or 50 fatal",
      );
    }
  }
}

function checkIssueAction(report: Reporter, at: string, a: Inputs): void {
  const id = String(a.id ?? "");
  if (CONDITIONS.includes(id) || FILTERS.includes(id)) {
    report(`${at}.id`, `${short(id)} is a condition or filter placed among the actions`);
    return;
  }
  if (!ACTIONS.includes(id)) {
    report(`${at}.id`, `"${id}" is not an action Sentry knows`, `actions: ${ACTIONS.map(short).join(", ")}`);
    return;
  }
  if (id.endsWith("NotifyEmailAction")) {
    oneOf(report, `${at}.targetType`, a.targetType, EMAIL_TARGETS);
    if (a.targetType !== "IssueOwners" && !a.targetIdentifier) {
      report(
        `${at}.targetIdentifier`,
        "is required to e-mail a team or a member",
      );
    }
  }
  if (id.endsWith("PagerDutyNotifyServiceAction")) {
    if (!a.account) report(`${at}.account`, "is required: the id of Sentry's PagerDuty integration");
    if (!a.service) report(`${at}.service`, "is required: the PagerDuty service in that integration");
    if (a.severity !== undefined) oneOf(report, `${at}.severity`, a.severity, PAGERDUTY_SEVERITIES);
  }
  if (id.endsWith("SlackNotifyServiceAction")) {
    if (!a.workspace) report(`${at}.workspace`, "is required: the id of Sentry's Slack integration");
    if (!/^#?[a-z0-9][a-z0-9._-]*$/.test(String(a.channel ?? ""))) {
      report(`${at}.channel`, `"${String(a.channel ?? "")}" is not a Slack channel name`, 'give it as "#servio-alerts"');
    }
  }
  if (id.endsWith("NotifyEventSentryAppAction") && !a.sentryAppInstallationUuid) {
    report(`${at}.sentryAppInstallationUuid`, "is required: the installation of the Sentry app to notify");
  }
}

/** Whether a rule is bound to an environment: its `environment`, or a tag filter on it. */
function hasEnvironment(r: PlanResource): boolean {
  if (typeof r.inputs.environment === "string" && r.inputs.environment !== "") return true;
  return list(r.inputs.filters).some(
    (f) => String(f.id).endsWith("TaggedEventFilter") && f.key === "environment" && f.match === "eq",
  );
}

/** Checks a SentryKey's rate limit; none at all is only a warning, as Sentry allows it. */
export const checkKey: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  if (i.rateLimitCount === undefined && i.rateLimitWindow === undefined) {
    report(
      "rateLimitCount",
      "is not set: the key may spend the whole event quota",
      "set rateLimitCount and rateLimitWindow",
      "warning",
    );
    return;
  }
  const count = Number(i.rateLimitCount);
  if (!Number.isInteger(count) || count < 1) {
    report(
      "rateLimitCount",
      `${String(i.rateLimitCount)} is not a positive whole number of events`,
    );
  }
  const window = Number(i.rateLimitWindow);
  if (!Number.isInteger(window) || window < SENTRY_RATE_WINDOW.min || window > SENTRY_RATE_WINDOW.max) {
    report(
      "rateLimitWindow",
      `${String(i.rateLimitWindow)} s is not accepted`,
      `give seconds from ${SENTRY_RATE_WINDOW.min} to ${SENTRY_RATE_WINDOW.max}`,
    );
  }
};

const SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/;

/** Checks a SentryProject's slug and that some team owns it. */
export const checkProject: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  if (i.slug !== undefined && !SLUG.test(String(i.slug))) {
    report("slug", `"${String(i.slug)}" is not a slug Sentry accepts`, "1 to 50 lower-case letters, digits, - and _");
  }
  if (list(i.teams).length === 0 && !i.team) {
    report("teams", "is empty: the project would belong to no team, and no team would hear of its issues");
  }
};

/** The Sentry checks by type token, merged into CHECKS. */
export const SENTRY_CHECKS: Record<string, ResourceCheck[]> = {
  "sentry:index/sentryIssueAlert:SentryIssueAlert": [checkIssueAlert],
  "sentry:index/sentryMetricAlert:SentryMetricAlert": [checkMetricAlert],
  "sentry:index/sentryKey:SentryKey": [checkKey],
  "sentry:index/sentryProject:SentryProject": [checkProject],
};
