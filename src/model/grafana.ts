/**
 * Grafana settings of an environment (`servio-monitoring:grafana` in `Pulumi.<env>.yaml`). Pure:
 * no Pulumi import. An environment without the key declares nothing in Grafana.
 */
import { z } from "zod";

const httpsUrl = z
  .string()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === "https:", "must be an https:// URL");

const secretKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "must be the name of a servio-monitoring config key");

/** How Grafana's CloudWatch data source signs its calls (Grafana's `authType` values). */
export const CLOUDWATCH_AUTH_TYPES = ["default", "grafana_assume_role", "ec2_iam_role", "keys"] as const;

/**
 * `servio-monitoring:grafana`: strict. `folder` defaults to `Servio <env>`; `cloudwatch` to the
 * default credential chain of the Grafana server; without `sentry` no Sentry data source and no
 * Sentry panel is declared.
 */
export const grafanaSettingsSchema = z.strictObject({
  /** Title of the environment's folder every dashboard goes into. @default "Servio <env>" */
  folder: z.string().min(1).max(189).optional(),
  /** The CloudWatch data source of the environment's account, in the stack's region. */
  cloudwatch: z
    .strictObject({
      /** @default "default" (the Grafana server's own AWS credentials) */
      authType: z.enum(CLOUDWATCH_AUTH_TYPES).default("default"),
      /** Role in the environment's account that Grafana assumes to read its metrics. */
      assumeRoleArn: z
        .string()
        .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
        .optional(),
      /** External id the role's trust policy asks for, if any. */
      externalId: z.string().min(2).max(1224).optional(),
    })
    .default({ authType: "default" }),
  /** Sentry's data source (plugin `grafana-sentry-datasource`), for the error dashboard. */
  sentry: z
    .strictObject({
      /** Sentry's URL. @default "https://sentry.io" */
      url: httpsUrl.default("https://sentry.io"),
      /** Slug of the organization the data source reads. */
      organization: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a Sentry slug").max(50),
      /** Name of the `secure:` servio-monitoring config key that holds the auth token. */
      tokenSecret: secretKey,
    })
    .optional(),
  /** Auto-refresh of every generated dashboard. @default "1m" */
  refresh: z.string().regex(/^\d+[smhd]$/, 'must be a duration such as "1m"').default("1m"),
});
/** Validated settings, defaults applied. */
export type GrafanaSettings = z.infer<typeof grafanaSettingsSchema>;

/** A settings problem, its path relative to `servio-monitoring:grafana`. */
export interface GrafanaIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** Settings that are each valid but do not go together. */
export function checkGrafanaSettings(settings: GrafanaSettings): GrafanaIssue[] {
  const cw = settings.cloudwatch;
  if (cw.authType === "grafana_assume_role" && !cw.assumeRoleArn) {
    return [{
      path: ["cloudwatch", "assumeRoleArn"],
      message: "is required with authType grafana_assume_role",
      hint: "give the ARN of the role in the environment's account that Grafana assumes",
    }];
  }
  return [];
}

/** The secret config keys the settings name, read from the raw value (valid or not). */
export function grafanaSecretKeys(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  try {
    const token = (JSON.parse(raw) as { sentry?: { tokenSecret?: unknown } })?.sentry?.tokenSecret;
    return typeof token === "string" ? [token] : [];
  } catch {
    return [];
  }
}

/** A hand-written dashboard of `dashboards/custom/`, validated, `{env}` replaced. */
export interface CustomDashboard {
  /** The file's name without `.json`: `public-edge`. */
  name: string;
  /** Relative to the project: `dashboards/custom/public-edge.json`. */
  file: string;
  /** The dashboard model as written, `{env}` replaced. */
  json: Record<string, unknown>;
}

/** What the model holds for Grafana: the settings and the hand-written dashboards. */
export interface GrafanaModel {
  settings: GrafanaSettings;
  custom: CustomDashboard[];
}
