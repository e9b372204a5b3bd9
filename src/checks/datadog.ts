/**
 * What Datadog's API refuses, or accepts and then never fires on, in monitors and SLOs: query
 * syntax, thresholds that disagree with the query or come in the wrong order, a no-data
 * timeframe too short for the window, and notification handles nothing in the stack defines.
 */
import type { Plan } from "../plan/plan";
import { policyOf } from "../report/oncall";
import { handlesIn } from "../report/alerts/datadog";
import { AGGREGATORS, balance, parseQuery, timeframeMinutes } from "./datadog-query";
import type { Reporter, ResourceCheck } from "./types";

type Inputs = Record<string, unknown>;

export const MONITOR = "datadog:index/monitor:Monitor";
export const SLO = "datadog:index/serviceLevelObjective:ServiceLevelObjective";
export const PAGERDUTY_LINK = "datadog:pagerduty/serviceObject:ServiceObject";
export const WEBHOOK = "datadog:index/webhook:Webhook";
export const SLACK_CHANNEL = "datadog:slack/channel:Channel";

/** Tags every monitor must carry, so that it can be found by who owns it and how urgent it is. */
const REQUIRED_TAGS = ["service", "env", "team", "tier"];
const SLO_TIMEFRAMES = ["7d", "30d", "90d"];

/** Monitor types whose query is a metric query (`avg(last_5m):… > 1`). */
const METRIC_TYPES = ["query alert", "metric alert"];

/** Checks a monitor: a metric monitor's query, thresholds and no-data settings; handles; tags. */
export const checkMonitor: ResourceCheck = (r, plan, report) => {
  const i = r.inputs as Inputs;
  if (METRIC_TYPES.includes(String(i.type))) checkMetricMonitor(report, i);
  checkHandles(report, plan, String(i.message ?? ""));

  const tags = ((i.tags ?? []) as string[]).map((tag) => tag.split(":")[0]);
  const missing = REQUIRED_TAGS.filter((k) => !tags.includes(k));
  if (missing.length > 0) {
    report(
      "tags",
      `has no ${missing.join(", ")} tag`,
      "tag every monitor with service, env, team and tier",
      "warning",
    );
  }
};

function checkMetricMonitor(report: Reporter, i: Inputs): void {
  const query = String(i.query ?? "");
  const { parsed, syntax } = parseQuery(query);
  for (const problem of syntax) report("query", problem, "see Datadog's monitor query grammar");
  if (parsed.aggregator && !(AGGREGATORS as readonly string[]).includes(parsed.aggregator)) {
    report(
      "query",
      `"${parsed.aggregator}" is not an aggregator Datadog knows`,
      `use one of ${AGGREGATORS.join(", ")}`,
    );
  }
  const window = parsed.timeframe === undefined ? undefined : timeframeMinutes(parsed.timeframe);
  if (parsed.timeframe !== undefined && window === undefined) {
    report(
      "query",
      `"${parsed.timeframe}" is not a timeframe Datadog knows`,
      'write "last_" and a number of m, h, d or w, as in last_5m',
    );
  }
  const alertWindow = parsed.alertWindow === undefined ? undefined : timeframeMinutes(parsed.alertWindow);
  if (parsed.alertWindow !== undefined && alertWindow === undefined) {
    report(
      "query",
      `alert_window "${parsed.alertWindow}" is not a timeframe Datadog knows`,
      "as in alert_window='last_15m'",
    );
  }

  const anomaly = query.includes("anomalies(");
  const t = (i.monitorThresholds ?? {}) as Record<string, unknown>;
  checkThresholds(report, t, parsed.comparison, parsed.threshold, anomaly);
  if (anomaly) checkAnomalyWindows(report, i, parsed.alertWindow);
  checkNoData(report, i, anomaly ? alertWindow : window);
}

/** The query's threshold is `critical`; warning fires first, recoveries sit on the safe side. */
function checkThresholds(
  report: Reporter,
  t: Record<string, unknown>,
  comparison: string | undefined,
  inQuery: number | undefined,
  anomaly: boolean,
): void {
  const num = (k: string) => (t[k] === undefined ? undefined : Number(t[k]));
  const critical = num("critical");
  if (critical === undefined || Number.isNaN(critical)) {
    report("monitorThresholds.critical", "is not set: Datadog requires the critical threshold");
    return;
  }
  if (inQuery !== undefined && inQuery !== critical) {
    report(
      "monitorThresholds.critical",
      `${critical} disagrees with the query's threshold ${inQuery}; Datadog refuses the monitor`,
      "build the query's comparison and the critical threshold from one value",
    );
  }
  if (anomaly) {
    if (t.warning !== undefined) {
      report("monitorThresholds.warning", "is set on an anomaly monitor; Datadog takes no warning threshold there",
        "remove it: an anomaly monitor has one level");
    }
    if (critical <= 0 || critical > 1) {
      report("monitorThresholds.critical", `${critical} is not a fraction of the alert window in (0, 1]`,
        "1 alerts when the whole alert window is outside the band");
    }
  }
  const above = comparison === undefined || comparison.startsWith(">");
  const beyond = (a: number, b: number) => (above ? a > b : a < b);
  const side = above ? "below" : "above";
  const warning = num("warning");
  if (warning !== undefined && !beyond(critical, warning)) {
    report(
      "monitorThresholds.warning",
      `${warning} is not ${side} the critical threshold ${critical}: with "${comparison ?? ">"}" the warning would never show`,
      `put the warning ${side} critical, so that it fires first`,
    );
  }
  const recovery = num("criticalRecovery");
  if (recovery !== undefined && !beyond(critical, recovery)) {
    report("monitorThresholds.criticalRecovery", `${recovery} is not ${side} the critical threshold ${critical}`,
      `a recovery threshold must lie ${side} the threshold it recovers from`);
  }
  const warningRecovery = num("warningRecovery");
  if (warningRecovery !== undefined && warning !== undefined && !beyond(warning, warningRecovery)) {
    report("monitorThresholds.warningRecovery", `${warningRecovery} is not ${side} the warning threshold ${warning}`,
      `a recovery threshold must lie ${side} the threshold it recovers from`);
  }
}

/** Datadog requires an anomaly monitor's trigger and recovery windows; the trigger is its alert window. */
function checkAnomalyWindows(report: Reporter, i: Inputs, alertWindow: string | undefined): void {
  const w = i.monitorThresholdWindows as Record<string, unknown> | undefined;
  if (!w?.triggerWindow || !w.recoveryWindow) {
    report("monitorThresholdWindows", "is not set: Datadog requires a trigger and a recovery window on an anomaly monitor",
      `set triggerWindow and recoveryWindow (the query's alert_window, ${alertWindow ?? "e.g. last_15m"})`);
  } else if (alertWindow && w.triggerWindow !== alertWindow) {
    report("monitorThresholdWindows.triggerWindow",
      `"${String(w.triggerWindow)}" differs from the query's alert_window "${alertWindow}"`, "make them one value");
  }
}

/** Notifying on no data needs a timeframe of at least two evaluation windows. */
function checkNoData(report: Reporter, i: Inputs, window: number | undefined): void {
  if (i.notifyNoData !== true || window === undefined) return;
  if (i.noDataTimeframe === undefined) {
    report(
      "noDataTimeframe",
      "is not set while notifyNoData is true",
      `set it to at least ${2 * window} minutes`,
    );
    return;
  }
  const minutes = Number(i.noDataTimeframe);
  if (!(minutes >= 2 * window)) {
    report(
      "noDataTimeframe",
      `${minutes} minutes is less than twice the evaluation window of ${window} minutes: one late batch reads as no data`,
      `set it to at least ${2 * window} minutes`,
    );
  }
}

interface HandleIndex {
  defined: Set<string>;
}
const indexes = new WeakMap<Plan, HandleIndex>();

/** Every handle the stack defines: PagerDuty links, webhooks, Slack channels, e-mail addresses. */
function handleIndex(plan: Plan): HandleIndex {
  let index = indexes.get(plan);
  if (index) return index;
  const defined = new Set<string>();
  for (const r of plan.resources) {
    if (r.type === PAGERDUTY_LINK) defined.add(`@pagerduty-${String(r.inputs.serviceName)}`);
    if (r.type === WEBHOOK) defined.add(`@webhook-${String(r.inputs.name)}`);
    if (r.type === SLACK_CHANNEL) {
      defined.add(`@slack-${String(r.inputs.accountName)}-${String(r.inputs.channelName).replace(/^#/, "")}`);
    }
  }
  for (const channel of Object.values(policyOf(plan)?.channels ?? {})) {
    for (const address of (channel as { addresses?: string[] }).addresses ?? []) defined.add(`@${address}`);
  }
  index = { defined };
  indexes.set(plan, index);
  return index;
}

function checkHandles(report: Reporter, plan: Plan, message: string): void {
  const { defined } = handleIndex(plan);
  for (const handle of [...new Set(handlesIn(message))]) {
    if (defined.has(handle)) continue;
    report(
      "message",
      `notifies "${handle}", which no resource or channel of the stack defines: nobody would hear of it`,
      "route through servio-monitoring:routing: PagerDuty links, webhooks, Slack channels and e-mail " +
        "channels are the handles the stack defines",
    );
  }
}

/** Checks a metric SLO: its queries and targets. */
export const checkSlo: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  if (i.type === "metric") {
    const q = (i.query ?? {}) as Record<string, unknown>;
    for (const part of ["numerator", "denominator"] as const) {
      if (typeof q[part] !== "string" || q[part] === "") {
        report(`query.${part}`, "is not set: a metric SLO counts good events over all events");
        continue;
      }
      for (const problem of balance(String(q[part]))) report(`query.${part}`, problem);
    }
  }
  const thresholds = (i.thresholds ?? []) as Record<string, unknown>[];
  if (thresholds.length === 0) report("thresholds", "is empty: Datadog requires a target for one timeframe at least");
  thresholds.forEach((t, n) => {
    const at = `thresholds[${n}]`;
    if (!SLO_TIMEFRAMES.includes(String(t.timeframe))) {
      report(
        `${at}.timeframe`,
        `"${String(t.timeframe)}" is not a timeframe Datadog accepts`,
        `use one of ${SLO_TIMEFRAMES.join(", ")}`,
      );
    }
    const target = Number(t.target);
    if (!(target > 0 && target < 100)) {
      report(
        `${at}.target`,
        `${String(t.target)} is not between 0 and 100 (both excluded)`,
        "give the objective in %, e.g. 99.9",
      );
    }
    if (t.warning !== undefined) {
      const warning = Number(t.warning);
      if (!(warning > target && warning < 100)) {
        report(`${at}.warning`, `${String(t.warning)} is not above the target ${String(t.target)} and below 100`,
          "the warning fires while the objective is still met: put it between the target and 100");
      }
    }
  });
};

/** A Datadog handle cannot hold a space: the link's name is what `@pagerduty-<name>` says. */
export const checkPagerDutyLink: ResourceCheck = (r, _plan, report) => {
  const name = String(r.inputs.serviceName ?? "");
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    report(
      "serviceName",
      `"${name}" cannot be written as a handle @pagerduty-${name}`,
      "use letters, digits, _, . and - only",
    );
  }
};

/** The Datadog checks by type token, merged into CHECKS. */
export const DATADOG_CHECKS: Record<string, ResourceCheck[]> = {
  [MONITOR]: [checkMonitor],
  [SLO]: [checkSlo],
  [PAGERDUTY_LINK]: [checkPagerDutyLink],
};
