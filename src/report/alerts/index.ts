/** Every vendor's alerts of a plan: the registry of extractors. */
import type { Plan } from "../../plan/plan";
import { cloudwatchAlerts } from "./cloudwatch";
import { compositeAlerts } from "./composite";
import { datadogAlerts } from "./datadog";
import { sentryAlerts } from "./sentry";
import type { Alert, AlertExtractor } from "./types";

export type { Alert } from "./types";

/** One extractor per vendor; a vendor module adds its own here. */
export const ALERT_EXTRACTORS: AlertExtractor[] = [cloudwatchAlerts, compositeAlerts, sentryAlerts, datadogAlerts];

/** Every alert in the plan, by service, then name. */
export function alertsOf(plan: Plan): Alert[] {
  return ALERT_EXTRACTORS.flatMap((extract) => extract(plan)).sort(
    (a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn),
  );
}
