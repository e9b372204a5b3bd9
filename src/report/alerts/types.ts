/**
 * Alerts, read from the plan: one shape for every vendor's alerting resource (CloudWatch
 * alarm, uptime check alarm, Sentry rule, Datadog monitor), so the summary, the docs, the
 * routing tests and the diff speak of all of them the same way.
 */
import type { Plan, PlanResource } from "../../plan/plan";

export interface Alert {
  /** URN of the resource that is the alert: the identity across two plans. */
  urn: string;
  /** Which vendor evaluates it. */
  source: "cloudwatch" | "sentry" | "datadog" | "grafana";
  /** The alert's own name at the vendor (`servio/prod/orders/alb-target-5xx-rate`). */
  name: string;
  service: string;
  environment: string;
  /** What kind of alert it is (`albTarget5xxRate`); stable across renames of the resource. */
  kind: string;
  severity: string;
  /** What it watches, in words: `ALB target 5xx rate (HTTPCode_Target_5XX_Count / RequestCount)`. */
  watches: string;
  /** The condition, with its unit: `> 2 %`. */
  condition: string;
  /** The window: `3 of 5 × 1 min`. */
  window: string;
  /** Channel names it reaches, sorted (`email`, `page`). Empty means nobody hears of it. */
  routes: string[];
  runbook?: string;
  team?: string;
  /** The group the summary shows it in (`infrastructure`, `database`, `business`…). */
  family?: string;
  /** Where its knobs came from when not all are tier defaults: `threshold: catalog/orders.yaml`. */
  setBy?: string;
}

export type AlertExtractor = (plan: Plan) => Alert[];

/** `5 min`, `30 s`, `1 h`. */
export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Channels reached through SNS topics: the Route components under each topic. */
export function channelsOfTopics(plan: Plan, topicArns: string[], alarmName: string): string[] {
  const { routesByTopic, childrenOf } = routeIndex(plan);
  const channels = new Set<string>();
  for (const route of topicArns.flatMap((arn) => routesByTopic.get(arn) ?? [])) {
    const subscriptions = childrenOf.get(route.urn) ?? [];
    if (subscriptions.some((s) => subscriptionMatches(s, alarmName))) channels.add(String(route.inputs.channel));
  }
  return [...channels].sort();
}

interface RouteIndex {
  routesByTopic: Map<string, PlanResource[]>;
  childrenOf: Map<string, PlanResource[]>;
}
const routeIndexes = new WeakMap<Plan, RouteIndex>();

/** Routes by topic ARN and resources by parent, built once per plan. */
function routeIndex(plan: Plan): RouteIndex {
  let index = routeIndexes.get(plan);
  if (!index) {
    index = { routesByTopic: new Map(), childrenOf: new Map() };
    for (const r of plan.resources) {
      if (r.parent) push(index.childrenOf, r.parent, r);
      if (r.type === "servio:monitoring:Route") push(index.routesByTopic, String(r.inputs.topic), r);
    }
    routeIndexes.set(plan, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether an SNS subscription's filter policy lets an alarm's notification through. */
function subscriptionMatches(subscription: PlanResource, alarmName: string): boolean {
  const policy = subscription.inputs.filterPolicy;
  if (typeof policy !== "string") return true;
  const parsed = JSON.parse(policy) as { AlarmName?: ({ prefix: string } | string)[] };
  if (!parsed.AlarmName) return true;
  return parsed.AlarmName.some((m) => (typeof m === "string" ? m === alarmName : alarmName.startsWith(m.prefix)));
}
