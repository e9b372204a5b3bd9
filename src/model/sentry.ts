/**
 * Sentry settings of an environment (`servio-monitoring:sentry` in `Pulumi.<env>.yaml`) and
 * the values Sentry's API accepts for them. Pure: no Pulumi import. An environment without the
 * key declares nothing in Sentry.
 */
import { z } from "zod";

import type { ChannelConfig } from "./schema";
import type { Severity } from "./vocabulary";

/** Event-frequency intervals an issue alert condition accepts (Sentry's `STANDARD_INTERVALS`). */
export const SENTRY_INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"] as const;

/** Metric alert windows, in minutes, that Sentry offers and evaluates. */
export const SENTRY_TIME_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240, 1440] as const;

/** Bounds of an issue alert's action interval (`frequency`), in minutes: 5 min to 30 days. */
export const SENTRY_FREQUENCY = { min: 5, max: 43_200 } as const;

/** Bounds of a client key's rate-limit window, in seconds: Sentry counts up to one day. */
export const SENTRY_RATE_WINDOW = { min: 60, max: 86_400 } as const;

/**
 * Platforms a Sentry project accepts, the common ones. Sentry refuses any other value, so a typo
 * in the catalog is caught when the catalog is read, not at `pulumi up`.
 */
export const SENTRY_PLATFORMS = [
  "other", "node", "node-express", "node-koa", "node-nestjs", "node-awslambda", "javascript",
  "javascript-react", "javascript-nextjs", "javascript-vue", "javascript-angular", "python",
  "python-django", "python-flask", "python-fastapi", "python-awslambda", "go", "java",
  "java-spring-boot", "kotlin", "ruby", "ruby-rails", "php", "php-laravel", "dotnet",
  "dotnet-aspnetcore", "elixir", "rust", "android", "apple-ios", "flutter", "react-native",
] as const;
/** One of SENTRY_PLATFORMS. */
export type SentryPlatform = (typeof SENTRY_PLATFORMS)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a Sentry slug: lower-case letters, digits, - and _")
  .max(50);

/** Sentry stores counts as 32-bit integers. */
const count = z.number().int().min(1).max(2_147_483_647);

/** Warning and critical levels of a metric alert; critical must be the worse of the two. */
const levels = z.strictObject({
  /** Above this, the warning trigger fires. */
  warning: z.number().min(0),
  /** Above this, the critical trigger fires. */
  critical: z.number().min(0),
  /** Minutes of data each evaluation looks at; 10 rides out a single slow minute. */
  timeWindow: z.literal(SENTRY_TIME_WINDOWS).default(10),
});

/** A webhook channel, reached from Sentry through an internal integration (a "Sentry app"). */
const webhookApp = z.strictObject({
  /** The internal integration's id; its webhook URL is the channel's URL. */
  sentryAppId: z.number().int().positive(),
  /** Its installation in the organization, which issue alert actions name. */
  installationUuid: z.uuid(),
});

/** Sentry's Slack integration: its id, and the channel name it posts to per Slack channel. */
const slackApp = z.strictObject({
  /** The Slack workspace's integration id in Sentry (Settings > Integrations > Slack). */
  integrationId: z.number().int().positive(),
  /** Per slack channel of `servio-monitoring:channels`, its name in Slack (`#servio-alerts`). */
  channels: z.record(
    z.string(),
    z.string().regex(/^#[a-z0-9][a-z0-9._-]{0,79}$/, 'must be a Slack channel name such as "#servio-alerts"'),
  ),
});

/**
 * `servio-monitoring:sentry`: strict, every key required except `actionInterval` (default 30),
 * the `timeWindow`s (default 10) and the integrations, needed only where routing reaches them.
 */
export const sentrySettingsSchema = z.strictObject({
  /** Slug of the organization every team, project and rule of the environment lives in. */
  organization: slug,
  /** The `environment` the services' SDKs report; rules only look at events of it. */
  environment: z.string().min(1).max(64).regex(/^[^\s/]+$/, "must not contain spaces or /"),
  /** Per client key: at most `count` events every `window` seconds, to protect the quota. */
  keyRateLimit: z.strictObject({
    count,
    window: z.number().int().min(SENTRY_RATE_WINDOW.min).max(SENTRY_RATE_WINDOW.max),
  }),
  /** Minutes before an issue alert acts again for the same issue. */
  actionInterval: z.number().int().min(SENTRY_FREQUENCY.min).max(SENTRY_FREQUENCY.max).default(30),
  /** The high-frequency rule: more than `events` events of one issue in `interval`. */
  highFrequency: z.strictObject({ events: count, interval: z.enum(SENTRY_INTERVALS) }),
  /** Failed transactions, in % of all transactions. */
  errorRate: levels,
  /** p95 transaction duration, in milliseconds. */
  p95Duration: levels,
  /** Sentry's PagerDuty integration: its id and, per catalog service, its PagerDuty service. */
  pagerduty: z
    .strictObject({
      integrationId: z.number().int().positive(),
      services: z.record(z.string(), z.number().int().positive()),
    })
    .optional(),
  /** Per webhook channel, the internal integration that posts to its URL. */
  webhooks: z.record(z.string(), webhookApp).optional(),
  /** Sentry's Slack integration, needed where routing reaches a slack channel. */
  slack: slackApp.optional(),
});
/** Validated settings, defaults applied. */
export type SentrySettings = z.infer<typeof sentrySettingsSchema>;

/** How one channel is reached from Sentry: what a rule's action is made of. */
export type SentryTarget =
  | { channel: string; type: "email" }
  | { channel: string; type: "pagerduty"; integrationId: number; serviceId: number }
  | { channel: string; type: "webhook"; sentryAppId: number; installationUuid: string }
  | { channel: string; type: "slack"; integrationId: number; slackChannel: string; channelId: string };

/** A problem found while matching the settings against channels and services. */
export interface SentryIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** A service as the cross-checks see it: its name and the severities of its Sentry rules. */
export interface SentryServiceRoutes {
  name: string;
  severities: Severity[];
}

/**
 * Cross-checks the settings against the environment's channels, its routing and the catalog:
 * everything a route needs to reach its channels from Sentry must be configured.
 */
export function checkSentrySettings(
  settings: SentrySettings,
  channels: Record<string, ChannelConfig>,
  routing: Record<Severity, string[]>,
  services: SentryServiceRoutes[],
): SentryIssue[] {
  const issues: SentryIssue[] = [];
  for (const metric of ["errorRate", "p95Duration"] as const) {
    const { warning, critical } = settings[metric];
    if (warning >= critical) {
      issues.push({
        path: [metric, "warning"],
        message: `warning (${warning}) must be below critical (${critical})`,
        hint: "the warning trigger fires first, at the lower value",
      });
    }
  }
  if (settings.errorRate.critical > 100) {
    issues.push({
      path: ["errorRate", "critical"],
      message: `${settings.errorRate.critical} % is more than 100 %`,
      hint: "give the rate as a percentage between 0 and 100",
    });
  }

  const routed = [...new Set(Object.values(routing).flat())].sort();
  for (const name of routed) {
    const type = channels[name]?.type;
    if (type === "pagerduty") {
      // Only the services whose rules reach this channel need its PagerDuty service.
      const paging = services.filter((s) => s.severities.some((v) => routing[v].includes(name)));
      if (paging.length) issues.push(...pagerDutyIssues(settings, name, paging.map((s) => s.name)));
    }
    if (type === "slack" && !settings.slack?.channels[name]) {
      issues.push({
        path: settings.slack ? ["slack", "channels"] : [],
        message: `routing reaches the slack channel "${name}", which Sentry's Slack integration does not name`,
        hint: `set slack.integrationId and slack.channels.${name} (its name in Slack, e.g. "#servio-alerts")`,
      });
    }
    if (type === "webhook" && !settings.webhooks?.[name]) {
      issues.push({
        path: ["webhooks"],
        message: `routing reaches the webhook channel "${name}", which has no Sentry internal integration`,
        hint: "Sentry posts to a webhook only through one: " +
          `set webhooks.${name}.sentryAppId and installationUuid`,
      });
    }
  }
  const names = services.map((s) => s.name);
  for (const service of Object.keys(settings.pagerduty?.services ?? {})) {
    if (!names.includes(service)) {
      issues.push({
        path: ["pagerduty", "services", service],
        message: `unknown service "${service}"`,
        hint: `catalog services: ${names.join(", ")}`,
      });
    }
  }
  for (const name of Object.keys(settings.slack?.channels ?? {})) {
    if (channels[name]?.type !== "slack") {
      issues.push({
        path: ["slack", "channels", name],
        message: `"${name}" is not a slack channel`,
        hint: "name a channel of type slack from servio-monitoring:channels",
      });
    }
  }
  for (const name of Object.keys(settings.webhooks ?? {})) {
    if (channels[name]?.type !== "webhook") {
      issues.push({
        path: ["webhooks", name],
        message: `"${name}" is not a webhook channel`,
        hint: "name a channel of type webhook from servio-monitoring:channels",
      });
    }
  }
  return issues;
}

/** A routed PagerDuty channel needs the integration and a PagerDuty service per service. */
function pagerDutyIssues(settings: SentrySettings, channel: string, services: string[]): SentryIssue[] {
  if (!settings.pagerduty) {
    return [{
      path: [],
      message: `routing reaches the PagerDuty channel "${channel}", but "pagerduty" is not set`,
      hint: "set pagerduty.integrationId and pagerduty.services.<service> (Sentry's ids)",
    }];
  }
  const missing = services.filter((s) => settings.pagerduty!.services[s] === undefined);
  if (missing.length === 0) return [];
  return [{
    path: ["pagerduty", "services"],
    message: `has no PagerDuty service for ${missing.join(", ")}`,
    hint: "add the id of each service in Sentry's PagerDuty integration",
  }];
}

/** The Sentry targets a severity reaches for one service, in routing order. */
export function sentryTargets(
  settings: SentrySettings,
  channels: Record<string, ChannelConfig>,
  names: string[],
  service: string,
): SentryTarget[] {
  return names.flatMap((channel): SentryTarget[] => {
    const config = channels[channel];
    switch (config?.type) {
      case "email":
        return [{ channel, type: "email" }];
      case "pagerduty": {
        const pd = settings.pagerduty;
        const serviceId = pd?.services[service];
        if (!pd || !serviceId) return [];
        return [{ channel, type: "pagerduty", integrationId: pd.integrationId, serviceId }];
      }
      case "webhook": {
        const app = settings.webhooks?.[channel];
        return app ? [{ channel, type: "webhook", ...app }] : [];
      }
      case "slack": {
        const slackChannel = settings.slack?.channels[channel];
        if (!settings.slack || !slackChannel) return [];
        const { integrationId } = settings.slack;
        return [{ channel, type: "slack", integrationId, slackChannel, channelId: config.channelId }];
      }
      default:
        return [];
    }
  });
}
