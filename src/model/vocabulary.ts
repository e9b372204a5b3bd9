/**
 * The words of this project, fixed once. An *alarm* is a CloudWatch alarm, a *check* an
 * uptime check, a *route* the set of channels a severity reaches, a *channel* one place
 * people are told (PagerDuty, e-mail, a webhook). Every alert has exactly one severity.
 */

/** How urgent an alert is: `critical` wakes someone where routing says so. */
export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 1 = customer-facing, on the money path; 3 = internal, may wait for office hours. */
export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** Channel kinds a route can reach. */
export const CHANNEL_TYPES = ["pagerduty", "email", "webhook", "slack"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** CloudWatch alarm periods the API accepts: 10, 30 or any multiple of 60 seconds. */
export function isValidPeriod(seconds: number): boolean {
  return seconds === 10 || seconds === 30 || (seconds >= 60 && seconds % 60 === 0);
}

/** The project name in Pulumi.yaml; config keys live under it. */
export const PROJECT = "servio-monitoring";

/** Prefix of every alarm name: `servio/<env>/<service>/<alarm>`. */
export const NAME_PREFIX = "servio";

/** Days of the week in PagerDuty's order: 1 is Monday, 7 is Sunday. */
export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];
