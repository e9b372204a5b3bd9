/**
 * Datadog APM settings: the environment's `servio-monitoring:datadog` key, a service's `apm`
 * block in its catalog file, and the defaults by tier they override. Pure: no Pulumi import.
 * An environment without the key declares nothing in Datadog.
 */
import { z } from "zod";

import type { Severity, Tier } from "./vocabulary";

/** Evaluation windows, in minutes, the monitors use (Datadog's `last_5m`, `last_1h`…). */
export const DATADOG_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240] as const;
/** SLO time windows Datadog accepts. */
export const SLO_TIMEFRAMES = ["7d", "30d", "90d"] as const;
/** The APM monitors every service gets. */
export const APM_MONITORS = ["latency", "errorRate", "throughput"] as const;
export type ApmMonitorKind = (typeof APM_MONITORS)[number];

const window = z.literal(DATADOG_WINDOWS);
const percentile = z.enum(["p95", "p99"]);
const percent = z.number().gt(0).max(100);

/** Latency of the service's entry spans, in milliseconds, at a percentile. */
const latencyKnobs = z.strictObject({
  enabled: z.boolean(),
  /** Which percentile is watched: p99 for the money path, p95 elsewhere. */
  percentile,
  /** Above this many ms the monitor warns. */
  warning: z.number().positive(),
  /** Above this many ms it alerts. */
  critical: z.number().positive(),
  /** Minutes each evaluation looks at. */
  window,
});

/** Errors over hits of the entry spans, in %. */
const errorRateKnobs = z.strictObject({
  enabled: z.boolean(),
  warning: percent,
  critical: percent,
  window,
});

/** Requests per minute against the band Datadog's `agile` anomaly algorithm expects. */
const throughputKnobs = z.strictObject({
  enabled: z.boolean(),
  /** Width of the band, in standard deviations. */
  deviations: z.number().min(1).max(6),
  /** `below`: a drop in traffic is what an outage looks like. */
  direction: z.enum(["above", "below", "both"]),
  /** Minutes the traffic must stay outside the band before the monitor alerts. */
  alertWindow: window,
});

/** Objectives of the service, each a Datadog SLO. */
const sloKnobs = z.strictObject({
  /** % of requests that must succeed (not be errors). */
  availability: z.number().gt(0).lt(100),
  /** The latency objective: `percentile` of requests faster than `thresholdMs`. */
  latency: z.strictObject({ percentile, thresholdMs: z.number().positive() }),
  timeframe: z.enum(SLO_TIMEFRAMES),
});

export interface ApmKnobs {
  latency: z.infer<typeof latencyKnobs>;
  errorRate: z.infer<typeof errorRateKnobs>;
  throughput: z.infer<typeof throughputKnobs>;
  slo: z.infer<typeof sloKnobs>;
}

/** Overrides of any knob; an environment writes them under `apm`, a service in its catalog. */
export const apmOverridesSchema = z.strictObject({
  latency: latencyKnobs.partial().optional(),
  errorRate: errorRateKnobs.partial().optional(),
  throughput: throughputKnobs.partial().optional(),
  slo: sloKnobs
    .extend({ latency: sloKnobs.shape.latency.partial() })
    .partial()
    .optional(),
});
export type ApmOverrides = z.infer<typeof apmOverridesSchema>;

/** A service's `apm` block: the root span it is measured on, and its overrides. */
export const serviceApmSchema = apmOverridesSchema.extend({
  /**
   * The operation (span name) of its entry spans: `trace.<operation>.hits`. Default
   * `aws.lambda` for a service made of Lambda functions only, else `http.request`.
   */
  operation: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'must be a span name such as "http.request"').optional(),
});
export type ServiceApm = z.infer<typeof serviceApmSchema>;

const tagValue = z.string().regex(/^[a-z][a-z0-9_.:/-]*$/, "must be a Datadog tag value: lower case, no spaces");

/**
 * `servio-monitoring:datadog`: strict; `env` is required, the rest has defaults. `slack` is
 * needed only where routing reaches a Slack channel.
 */
export const datadogSettingsSchema = z.strictObject({
  /** The `env` tag the services' tracers report (`DD_ENV`); every query filters on it. */
  env: tagValue,
  /** Seconds each evaluation lags behind now, so that the last minute is complete. */
  evaluationDelay: z.number().int().min(0).max(900).default(60),
  /** Minutes before an alerting monitor notifies again; 0 never does. */
  renotifyMinutes: z.number().int().min(0).max(1440).default(60),
  /** Datadog's Slack integration: its account, and per Slack channel its name there. */
  slack: z
    .strictObject({
      account: z.string().regex(/^[A-Za-z0-9_-]+$/, "must be the Slack account name in Datadog"),
      channels: z.record(z.string(), z.string().regex(/^[a-z0-9_-]{1,80}$/, "must be a Slack channel name, without #")),
    })
    .optional(),
  /** Environment-wide overrides of the tier defaults. */
  apm: apmOverridesSchema.optional(),
});
export type DatadogSettings = z.infer<typeof datadogSettingsSchema>;

const lat = (p: "p95" | "p99", warning: number, critical: number, window: 5 | 10 | 15) =>
  ({ enabled: true, percentile: p, warning, critical, window });
const err = (warning: number, critical: number, window: 5 | 10 | 15) =>
  ({ enabled: true, warning, critical, window });
const thr = (deviations: number, alertWindow: 15 | 30) =>
  ({ enabled: true, deviations, direction: "below" as const, alertWindow });
const slo = (availability: number, p: "p95" | "p99", thresholdMs: number) =>
  ({ availability, latency: { percentile: p, thresholdMs }, timeframe: "30d" as const });

/* eslint-disable prettier/prettier */
/** The one table of APM defaults: latency in ms, error rate in %, windows in minutes. */
export const APM_TIER_DEFAULTS: Record<Tier, ApmKnobs> = {
  //  latency: p, warn, crit, window   errorRate: warn, crit, window   throughput   SLOs: availability, latency objective
  1: { latency: lat("p99", 800, 1500, 5),  errorRate: err(1, 2, 5),   throughput: thr(3, 15), slo: slo(99.9, "p99", 1000) },
  2: { latency: lat("p95", 1000, 2000, 10), errorRate: err(2, 5, 10),  throughput: thr(3, 15), slo: slo(99.5, "p95", 1000) },
  3: { latency: lat("p95", 2000, 5000, 15), errorRate: err(5, 10, 15), throughput: thr(4, 30), slo: slo(99, "p95", 2500) },
};

/**
 * Severity of each monitor's critical and warning level by tier, as for the CloudWatch alarms:
 * only tier 1's error rate pages; slowness and a traffic drop open a ticket at most.
 */
export const APM_SEVERITY: Record<ApmMonitorKind, Record<Tier, { critical: Severity; warning?: Severity }>> = {
  latency: {
    1: { critical: "warning", warning: "info" },
    2: { critical: "warning", warning: "info" },
    3: { critical: "info", warning: "info" },
  },
  errorRate: {
    1: { critical: "critical", warning: "warning" },
    2: { critical: "warning", warning: "info" },
    3: { critical: "warning", warning: "info" },
  },
  // An anomaly monitor has one level: Datadog refuses a warning threshold on it.
  throughput: { 1: { critical: "warning" }, 2: { critical: "warning" }, 3: { critical: "info" } },
};

/**
 * What each family of monitor does without data. No traffic means no latency and no error
 * rate, which is nothing to report; no traffic at all is the deepest throughput drop there is.
 * A ratio over a partial window (1 error in 2 requests) is a false alarm: it needs a full one.
 */
export const APM_NO_DATA: Record<ApmMonitorKind, { notifyNoData: boolean; requireFullWindow: boolean }> = {
  latency: { notifyNoData: false, requireFullWindow: false },
  errorRate: { notifyNoData: false, requireFullWindow: true },
  throughput: { notifyNoData: true, requireFullWindow: false },
};

/** Resolved APM knobs of one service, and where they came from. */
export interface ResolvedApm {
  operation: string;
  knobs: ApmKnobs;
  /** `latency.critical` -> `catalog/orders.yaml`, for the knobs not at their tier default. */
  setBy: Record<string, string>;
}

/** The Datadog model of an environment: settings and each service's resolved APM. */
export interface DatadogModel {
  settings: DatadogSettings;
  services: Record<string, ResolvedApm>;
}
