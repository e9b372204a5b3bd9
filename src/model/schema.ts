/**
 * The shapes users write: a service file under `catalog/`, `teams.yaml`, and the
 * `servio-monitoring:*` keys of `Pulumi.<env>.yaml`. Every object is strict: an unknown key
 * is an error with a did-you-mean, never silently dropped.
 */
import { z } from "zod";

import { policyConfigSchema } from "../policy/settings";
import { datadogSettingsSchema, serviceApmSchema } from "./datadog";
import { ALARM_KEYS } from "./defaults";
import { grafanaSettingsSchema } from "./grafana";
import { oncallSchema } from "./oncall-schema";
import { SENTRY_PLATFORMS, sentrySettingsSchema } from "./sentry";
import { extraEnvironmentSchemas, extraResources, extraServiceKeys } from "./schema-metrics";
import { checkPlaceholders, distinct, healthUrl, taggableHttpsUrl } from "./schema-rules";
import { SEVERITIES } from "./vocabulary";

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "must be lower-case letters, digits and dashes, starting with a letter");

/** An AWS resource name as it appears in CloudWatch dimensions; `{env}` is the stack name. */
const awsName = z.string().min(1).max(255).regex(/^[^\s]+$/, "must not contain spaces");

export const severitySchema = z.enum(SEVERITIES);

export const knobsSchema = z.strictObject({
  enabled: z.boolean(),
  severity: severitySchema,
  threshold: z.number().min(0),
  period: z.number().int().positive(),
  evaluationPeriods: z.number().int().min(1),
  datapointsToAlarm: z.number().int().min(1),
}).partial();
export type KnobOverrides = z.infer<typeof knobsSchema>;

/** `{ albTarget5xxRate: { threshold: 1 } }`: per-alarm overrides. */
export const alarmOverridesSchema = z.partialRecord(z.enum(ALARM_KEYS), knobsSchema);
export type AlarmOverrides = z.infer<typeof alarmOverridesSchema>;

const loadBalancer = z.strictObject({
  /** CloudWatch `LoadBalancer` dimension: `app/<name>/<id>`. */
  name: awsName.regex(/^app\/[^/]+\/[0-9a-f]+$/, 'must look like "app/<name>/<id>"'),
  /** CloudWatch `TargetGroup` dimension: `targetgroup/<name>/<id>`. */
  targetGroup: awsName.regex(/^targetgroup\/[^/]+\/[0-9a-f]+$/, 'must look like "targetgroup/<name>/<id>"'),
});

const resources = z.strictObject({
  loadBalancer: loadBalancer.optional(),
  ecsService: z.strictObject({ cluster: awsName, service: awsName }).optional(),
  apiGateway: z.strictObject({ name: awsName, stage: awsName }).optional(),
  lambdaFunctions: distinct(awsName, String, "function").min(1).optional(),
  rdsInstance: awsName.optional(),
  auroraCluster: awsName.optional(),
  dynamodbTables: distinct(awsName, String, "table").min(1).optional(),
  sqsQueues: distinct(z.strictObject({ name: awsName, deadLetterQueue: awsName.optional() }), (q) => q.name, "queue")
    .min(1)
    .optional(),
  ...extraResources,
}).superRefine((r, ctx) => checkPlaceholders(r, ctx));

const businessMetric = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a CloudWatch metric name in PascalCase"),
  description: z.string().min(1),
  unit: z.enum(["Count", "None", "Percent"]).optional(),
  /** How a period's datapoints combine: Sum for a Count metric, Average otherwise. */
  statistic: z.enum(["Sum", "Average", "Minimum", "Maximum"]).optional(),
  /** A counter that should never be silent gets a floor alarm; default: true for unit Count. */
  floor: z.boolean().optional(),
});

/**
 * Text copied into Datadog monitor messages: `{{` starts a template block there and `@` notifies
 * whoever the handle names, so neither may come from a description or a team's name.
 */
export const messageText = z
  .string()
  .min(1)
  .refine((v) => !/\{\{|\}\}/.test(v), 'must not contain "{{" or "}}": Datadog messages read them as template blocks')
  .refine((v) => !/(^|\s)@\S/.test(v), 'must not contain an @-handle: Datadog would notify whoever it names');

export const serviceSchema = z.strictObject({
  name,
  description: messageText,
  team: name,
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  /**
   * Carried as an AWS tag on every alarm, so it must fit a tag value (256 characters).
   * Optional in the schema: the policy (`alert-has-runbook`) requires it where it matters.
   */
  runbook: taggableHttpsUrl.optional(),
  /** The health endpoint checked from outside every 30 s. */
  health: z.strictObject({ url: healthUrl }).optional(),
  resources: resources.default({}),
  businessMetrics: z
    .strictObject({
      namespace: z.string().regex(/^[A-Za-z0-9./#:_-]+$/).refine((v) => !v.startsWith("AWS/"), "must not be in the AWS/ namespaces"),
      metrics: distinct(businessMetric, (m) => m.name, "metric").min(1),
    })
    .optional(),
  alarms: alarmOverridesSchema.default({}),
  ...extraServiceKeys,
  /** The Sentry project's platform (`node`, `python-django`…); `other` when not given. */
  platform: z.enum(SENTRY_PLATFORMS).optional(),
  /** Datadog APM: the entry spans' operation and overrides of the APM defaults. */
  apm: serviceApmSchema.optional(),
}).describe("one service: name, description, team, tier and its resources (see README)");
export type ServiceFile = z.infer<typeof serviceSchema>;

/** A team's key is its Sentry team slug too, which Sentry holds to 50 characters. */
const teamName = name.max(50, "must be at most 50 characters: it is the team's Sentry slug");

export const teamsSchema = z.strictObject({
  teams: z.record(
    teamName,
    z.strictObject({
      /** Names the team in PagerDuty and Sentry (whose team names hold at most 64 characters). */
      displayName: messageText.max(64),
      email: z.email(),
      /** People paged for the team's services, first to last, referenced by PagerDuty e-mail. */
      oncall: distinct(z.email(), String, "person").min(1),
    }),
  ).superRefine((teams, ctx) => {
    // PagerDuty teams and escalation policies are named by displayName: two alike collide.
    const seen = new Map<string, string>();
    for (const [key, team] of Object.entries(teams)) {
      const folded = team.displayName.trim().toLowerCase();
      const first = seen.get(folded);
      if (first === undefined) {
        seen.set(folded, key);
        continue;
      }
      const message = `"${team.displayName}" is also the displayName of team "${first}"`;
      const hint = `teams "${first}" and "${key}" would get PagerDuty teams and escalation policies of the same name; give each its own displayName`;
      ctx.addIssue({ code: "custom", message, path: [key, "displayName"], input: undefined, params: { hint } });
    }
  }),
}).describe('the teams: "teams:" with, per team, displayName, email and oncall (see README)');
export type TeamsFile = z.infer<typeof teamsSchema>;

const channel = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("pagerduty") }),
  z.strictObject({ type: z.literal("email"), addresses: distinct(z.email(), String, "address").min(1) }),
  z.strictObject({
    type: z.literal("webhook"),
    /** Name of a `secure:` config key holding the URL (it carries a token). */
    urlSecret: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a config key name: a letter, then letters and digits (e.g. "ticketWebhookUrl")'),
  }),
  z.strictObject({
    type: z.literal("slack"),
    /** The Slack workspace authorised in AWS Chatbot (`T0123ABCD`). */
    workspaceId: z.string().regex(/^[A-Z0-9]{9,11}$/, 'must be a Slack workspace id such as "T07EA123LEP"'),
    /** The Slack channel id (`C0123ABCD`), not its name. */
    channelId: z.string().regex(/^[A-Z0-9]{9,11}$/, 'must be a Slack channel id such as "C07EZ1ABC23"'),
  }),
], {
  error: (issue) => issue.code === "invalid_union" && "discriminator" in issue && issue.input && typeof issue.input === "object"
    ? `${JSON.stringify((issue.input as { type?: unknown }).type)} is not a channel type`
    : undefined,
});
export type ChannelConfig = z.infer<typeof channel>;

/** Keys under `servio-monitoring:` in Pulumi.<env>.yaml, validated one by one. */
export const environmentSchemas = {
  channels: z.record(name, channel),
  routing: z.strictObject({
    critical: distinct(z.string(), String, "channel"),
    warning: distinct(z.string(), String, "channel"),
    info: distinct(z.string(), String, "channel"),
  }),
  alarms: alarmOverridesSchema,
  protect: z.boolean(),
  ...extraEnvironmentSchemas,
  oncall: oncallSchema,
  policy: policyConfigSchema,
  sentry: sentrySettingsSchema,
  datadog: datadogSettingsSchema,
  grafana: grafanaSettingsSchema,
} as const;
export type EnvironmentKey = keyof typeof environmentSchemas;
export const REQUIRED_ENVIRONMENT_KEYS: readonly EnvironmentKey[] = ["channels", "routing"];
