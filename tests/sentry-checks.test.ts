import { checkPlan, formatFinding } from "../src/checks";
import type { Json, Plan, PlanResource } from "../src/plan/plan";
import { byName, plan } from "./helpers";

/** Findings of one rule of the prod plan, its inputs changed by `change`. */
let prod: Plan;
function findings(name: string, change: (inputs: Record<string, any>) => void): string[] {
  const original = byName(prod, name);
  const resource: PlanResource = { ...original, inputs: structuredClone(original.inputs) as { [key: string]: Json } };
  change(resource.inputs);
  return checkPlan({ ...prod, resources: [resource] }).map(formatFinding);
}
const issue = (change: (i: Record<string, any>) => void) => findings("prod-orders-high-frequency", change);
const metric = (change: (i: Record<string, any>) => void) => findings("prod-orders-error-rate", change);
const ISSUE = 'error: sentry:index/sentryIssueAlert:SentryIssueAlert "prod-orders-high-frequency"';
const METRIC = 'error: sentry:index/sentryMetricAlert:SentryMetricAlert "prod-orders-error-rate"';

beforeAll(async () => {
  prod = await plan("prod");
});

describe("Sentry plan checks", () => {
  it("pass the rules, metric alerts and keys the program declares", () => {
    expect(checkPlan(prod).filter((f) => f.type.startsWith("sentry:"))).toEqual([]);
  });

  it("catch an unknown condition", () => {
    expect(issue((i) => (i.conditions[0].id = "sentry.rules.conditions.first_seen.FirstSeen"))).toEqual([
      `${ISSUE} conditions[0].id: "sentry.rules.conditions.first_seen.FirstSeen" is not a condition Sentry knows\n    hint: conditions: FirstSeenEventCondition, RegressionEventCondition, ReappearedEventCondition, NewHighPriorityIssueCondition, ExistingHighPriorityIssueCondition, EventFrequencyCondition, EventUniqueUserFrequencyCondition, EventFrequencyPercentCondition`,
    ]);
  });

  it("catch an unknown filter", () => {
    expect(issue((i) => (i.filters[0].id = "sentry.rules.filters.level.Level"))).toEqual([
      `${ISSUE} filters[0].id: "sentry.rules.filters.level.Level" is not a filter Sentry knows\n    hint: filters: AgeComparisonFilter, IssueOccurrencesFilter, AssignedToFilter, LatestReleaseFilter, LatestAdoptedReleaseFilter, IssueCategoryFilter, EventAttributeFilter, TaggedEventFilter, LevelFilter`,
    ]);
  });

  it("catch an unknown action", () => {
    expect(issue((i) => (i.actions[0].id = "sentry.integrations.pagerduty.Notify"))[0]).toBe(
      `${ISSUE} actions[0].id: "sentry.integrations.pagerduty.Notify" is not an action Sentry knows\n    hint: actions: NotifyEmailAction, NotifyEventAction, NotifyEventServiceAction, NotifyEventSentryAppAction, PagerDutyNotifyServiceAction, OpsgenieNotifyTeamAction, SlackNotifyServiceAction, MsTeamsNotifyServiceAction, DiscordNotifyServiceAction, JiraCreateTicketAction, GitHubCreateTicketAction`,
    );
  });

  it("catch a condition placed among the filters", () => {
    expect(issue((i) => i.filters.push(i.conditions[0]))).toEqual([
      `${ISSUE} filters[1].id: EventFrequencyCondition is a condition placed among the filters\n    hint: move it to conditions; Sentry refuses conditions as filters`,
    ]);
  });

  it("catch a filter placed among the conditions", () => {
    expect(issue((i) => i.conditions.push(i.filters[0]))).toEqual([
      `${ISSUE} conditions[1].id: LevelFilter is a filter placed among the conditions\n    hint: move it to filters; Sentry refuses filters as conditions`,
    ]);
  });

  it("catch a legacy condition that is now a filter", () => {
    expect(issue((i) => i.conditions.push({ id: "sentry.rules.conditions.tagged_event.TaggedEventCondition" }))).toEqual([
      `${ISSUE} conditions[1].id: TaggedEventCondition is no longer a condition Sentry accepts\n    hint: use the filter TaggedEventFilter under filters`,
    ]);
  });

  it("catch an action interval outside Sentry's bounds", () => {
    expect(issue((i) => (i.frequency = 1))).toEqual([
      `${ISSUE} frequency: 1 minutes is not accepted\n    hint: give whole minutes from 5 to 43200 (30 days)`,
    ]);
  });

  it("catch an event-frequency interval Sentry does not offer", () => {
    expect(issue((i) => (i.conditions[0].interval = "10m"))).toEqual([
      `${ISSUE} conditions[0].interval: "10m" is not an interval Sentry accepts\n    hint: use one of 1m, 5m, 15m, 1h, 1d, 1w, 30d`,
    ]);
  });

  it("catch an event count that is not above 0", () => {
    expect(issue((i) => (i.conditions[0].value = "-5"))).toEqual([
      `${ISSUE} conditions[0].value: -5 is not above 0: the rule would act on every event\n    hint: give the number of events (a positive whole number)`,
    ]);
  });

  it("catch an issue alert with no environment filter", () => {
    expect(issue((i) => delete i.environment)).toEqual([
      `${ISSUE} environment: is not set and no filter names an environment: the rule matches events of every environment\n    hint: set environment to the one the rule belongs to (e.g. production)`,
    ]);
    const tagged = { id: "sentry.rules.filters.tagged_event.TaggedEventFilter", key: "environment", match: "eq", value: "production" };
    expect(issue((i) => { delete i.environment; i.filters.push(tagged); })).toEqual([]);
  });

  it("catch an issue alert without an action", () => {
    expect(issue((i) => (i.actions = []))).toEqual([
      `${ISSUE} actions: is empty; Sentry refuses an issue alert without an action\n    hint: route the rule's severity to a channel`,
    ]);
  });

  it("catch a metric alert with no environment", () => {
    expect(metric((i) => delete i.environment)).toEqual([
      `${METRIC} environment: is not set: the rule counts events of every environment\n    hint: set environment to the one the rule belongs to (e.g. production)`,
    ]);
  });

  it("catch a metric alert window Sentry does not offer", () => {
    expect(metric((i) => (i.timeWindow = 7))).toEqual([
      `${METRIC} timeWindow: 7 minutes is not a window Sentry accepts\n    hint: use one of 1, 5, 10, 15, 30, 60, 120, 240, 1440`,
    ]);
  });

  it("catch a negative threshold", () => {
    expect(metric((i) => (i.triggers[1].alertThreshold = -0.02))).toEqual([
      `${METRIC} triggers[1].alertThreshold: -0.02 is below 0: failure_rate() is never negative, so the trigger always fires\n    hint: give a threshold of 0 or more`,
    ]);
  });

  it("catch a failure rate written as a percentage", () => {
    expect(metric((i) => { i.triggers[0].alertThreshold = 5; i.triggers[1].alertThreshold = 2; })).toEqual([
      `${METRIC} triggers[0].alertThreshold: 5 reads as 500 %: Sentry computes failure_rate() as a fraction of 1\n    hint: write 5 % as 0.05`,
      `${METRIC} triggers[1].alertThreshold: 2 reads as 200 %: Sentry computes failure_rate() as a fraction of 1\n    hint: write 2 % as 0.02`,
    ]);
  });

  it("catch a warning threshold beyond the critical one", () => {
    expect(metric((i) => (i.triggers[1].alertThreshold = 0.08))).toEqual([
      `${METRIC} triggers: the warning threshold (0.08) is not below the critical one (0.05)\n    hint: with thresholdType 0 the warning must fire first: put it below critical`,
    ]);
  });

  it("catch a metric alert without a critical trigger", () => {
    expect(metric((i) => i.triggers.shift())).toEqual([
      `${METRIC} triggers: has no critical trigger; Sentry requires one\n    hint: add a trigger labelled critical`,
    ]);
  });

  it("catch a resolve threshold that would resolve before the alert fires", () => {
    expect(metric((i) => (i.resolveThreshold = 0.03))).toEqual([
      `${METRIC} resolveThreshold: 0.03 would resolve the alert before it fires (threshold 0.02)\n    hint: put it below every trigger's threshold`,
    ]);
  });

  it("catch a Slack action without its integration or with a channel id for a name", () => {
    const slack = (i: Record<string, any>) => i.actions.find((a: any) => a.id.endsWith("SlackNotifyServiceAction"));
    expect(issue((i) => {
      delete slack(i).workspace;
      slack(i).channel = "C07EZ1ABC23";
    })).toEqual([
      `${ISSUE} actions[1].workspace: is required: the id of Sentry's Slack integration`,
      `${ISSUE} actions[1].channel: "C07EZ1ABC23" is not a Slack channel name\n    hint: give it as "#servio-alerts"`,
    ]);
    expect(metric((i) => delete i.triggers[0].actions[1].integrationId)).toEqual([
      `${METRIC} triggers[0].actions[1]: a Slack action needs integrationId and targetType specific (targetIdentifier: the channel)`,
    ]);
  });

  it("catch an unknown metric alert action type", () => {
    expect(metric((i) => (i.triggers[0].actions[1].type = "mail"))).toEqual([
      `${METRIC} triggers[0].actions[1].type: "mail" is not one of email, slack, pagerduty, msteams, sentry_app, opsgenie, discord`,
    ]);
  });

  it("catch a transaction aggregate on the errors dataset", () => {
    expect(metric((i) => (i.dataset = "events"))).toEqual([
      `${METRIC} aggregate: failure_rate() reads transactions, but the dataset "events" holds only errors\n    hint: use the dataset "transactions"`,
    ]);
  });

  it("catch a client key rate-limit window Sentry does not accept", () => {
    expect(findings("prod-orders-key", (i) => (i.rateLimitWindow = 10))).toEqual([
      'error: sentry:index/sentryKey:SentryKey "prod-orders-key" rateLimitWindow: 10 s is not accepted\n    hint: give seconds from 60 to 86400',
    ]);
  });

  it("catch a project slug Sentry refuses and a project without a team", () => {
    expect(findings("prod-orders-project", (i) => { i.slug = "Orders"; i.teams = []; })).toEqual([
      'error: sentry:index/sentryProject:SentryProject "prod-orders-project" slug: "Orders" is not a slug Sentry accepts\n    hint: 1 to 50 lower-case letters, digits, - and _',
      'error: sentry:index/sentryProject:SentryProject "prod-orders-project" teams: is empty: the project would belong to no team, and no team would hear of its issues',
    ]);
  });
});
