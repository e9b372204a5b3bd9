/** Runs every plan check; a vendor module registers its checks by type token. */
import type { Plan } from "../plan/plan";
import { AWS_CHECKS } from "./aws";
import { CHATBOT_SLACK, checkAwsTags, checkChatbotSlack, isAwsResource } from "./aws-tags";
import { METRICS_CHECKS } from "./aws-metrics";
import { DATADOG_CHECKS } from "./datadog";
import { GRAFANA_CHECKS } from "./grafana";
import { INCIDENT_CHECKS } from "./incidents";
import { PAGERDUTY_CHECKS } from "./pagerduty";
import { SENTRY_CHECKS } from "./sentry";
import type { Finding, ResourceCheck } from "./types";

export type { Finding } from "./types";
export { formatFinding } from "./types";

/** Every module's checks; two modules may check the same type, and both run. */
export const CHECKS: Record<string, ResourceCheck[]> = registry(
  AWS_CHECKS,
  METRICS_CHECKS,
  PAGERDUTY_CHECKS,
  INCIDENT_CHECKS,
  SENTRY_CHECKS,
  DATADOG_CHECKS,
  { [CHATBOT_SLACK]: [checkChatbotSlack] },
  GRAFANA_CHECKS,
);

/** Checks that apply to every resource of a provider rather than to one type. */
const PROVIDER_CHECKS: [(r: Plan["resources"][number]) => boolean, ResourceCheck][] = [[isAwsResource, checkAwsTags]];

function registry(...modules: Record<string, ResourceCheck[]>[]): Record<string, ResourceCheck[]> {
  const all: Record<string, ResourceCheck[]> = {};
  for (const checks of modules) {
    for (const [type, list] of Object.entries(checks)) all[type] = [...(all[type] ?? []), ...list];
  }
  return all;
}

/** Every finding of every resource in the plan, in URN order. */
export function checkPlan(plan: Plan): Finding[] {
  const findings: Finding[] = [];
  for (const resource of plan.resources) {
    const general = PROVIDER_CHECKS.filter(([applies]) => applies(resource)).map(([, check]) => check);
    for (const check of [...(CHECKS[resource.type] ?? []), ...general]) {
      check(resource, plan, (field, message, hint, level = "error") =>
        findings.push({ urn: resource.urn, type: resource.type, resource: resource.name, field, message, hint, level }),
      );
    }
  }
  return findings;
}
