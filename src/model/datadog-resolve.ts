/**
 * Resolves each service's APM knobs (tier default, then the environment's `apm`, then the
 * service's own `apm` block) and checks them, and the Datadog settings, against the
 * environment's channels and routing. Every problem names the file and key that set the value.
 */
import {
  APM_TIER_DEFAULTS,
  type ApmOverrides,
  type DatadogModel,
  type DatadogSettings,
  type ResolvedApm,
  type ServiceApm,
} from "./datadog";
import type { Problem } from "./problems";
import type { ChannelConfig } from "./schema";
import type { SourceFile } from "./source";
import type { Severity, Tier } from "./vocabulary";

/** What resolution needs of a service: its catalog file and what it runs on. */
export interface ApmServiceInput {
  name: string;
  tier: Tier;
  resources: { loadBalancer?: unknown; ecsService?: unknown; lambdaFunctions?: unknown };
  apm?: ServiceApm;
  source: SourceFile;
}

/** Where the settings live in the config file. */
const AT = ["config", "servio-monitoring:datadog"];

/** The Datadog model of an environment, every problem pushed onto `problems`. */
export function resolveDatadog(
  settings: DatadogSettings,
  services: ApmServiceInput[],
  env: { channels: Record<string, ChannelConfig>; routing: Record<Severity, string[]>; source: SourceFile },
  problems: Problem[],
): DatadogModel {
  checkRoutes(settings, env, problems);
  const resolved: Record<string, ResolvedApm> = {};
  for (const service of services) {
    const layers: Layer[] = [
      { overrides: settings.apm ?? {}, source: env.source, at: [...AT, "apm"] },
      { overrides: service.apm ?? {}, source: service.source, at: ["apm"] },
    ];
    resolved[service.name] = {
      operation: service.apm?.operation ?? defaultOperation(service),
      ...merge(service.tier, layers, problems),
    };
  }
  return { settings, services: resolved };
}

/** `aws.lambda` for a service made only of Lambda functions, else `http.request`. */
export function defaultOperation(service: Pick<ApmServiceInput, "resources">): string {
  const r = service.resources;
  return r.lambdaFunctions && !r.loadBalancer && !r.ecsService ? "aws.lambda" : "http.request";
}

interface Layer {
  overrides: ApmOverrides;
  source: SourceFile;
  at: (string | number)[];
}

type Knobs = Record<string, unknown>;

function merge(tier: Tier, layers: Layer[], problems: Problem[]): Pick<ResolvedApm, "knobs" | "setBy"> {
  const knobs = structuredClone(APM_TIER_DEFAULTS[tier]);
  const setBy: Record<string, string> = {};
  const wroteAt: Record<string, Layer> = {};
  for (const layer of layers) {
    for (const kind of ["latency", "errorRate", "throughput", "slo"] as const) {
      const values = layer.overrides[kind] as Knobs | undefined;
      if (!values) continue;
      const target = knobs[kind] as Knobs;
      for (const [knob, value] of Object.entries(values)) {
        if (value === undefined) continue;
        if (kind === "slo" && knob === "latency") Object.assign(target.latency as Knobs, value);
        else target[knob] = value;
        setBy[`${kind}.${knob}`] = layer.source.file;
        wroteAt[kind] = layer;
      }
    }
  }
  for (const kind of ["latency", "errorRate"] as const) {
    const { warning, critical } = knobs[kind];
    const layer = wroteAt[kind];
    if (warning < critical) continue;
    const where = layer ?? layers[0];
    problems.push(where.source.problem(
      [...where.at, kind, "warning"],
      `warning (${warning}) must be below critical (${critical}) once the overrides are applied`,
      "the warning level fires first, at the lower value",
    ));
  }
  return { knobs, setBy };
}

/** Every routed channel must be reachable from Datadog; every Slack entry must be a channel. */
function checkRoutes(
  settings: DatadogSettings,
  env: { channels: Record<string, ChannelConfig>; routing: Record<Severity, string[]>; source: SourceFile },
  problems: Problem[],
): void {
  const routed = [...new Set(Object.values(env.routing).flat())].sort();
  for (const name of routed) {
    if (env.channels[name]?.type !== "slack") continue;
    if (!settings.slack) {
      problems.push(env.source.problem(
        AT,
        `routing reaches the Slack channel "${name}", but "slack" is not set`,
        "set slack.account (the Slack account in Datadog's integration) and slack.channels." + name,
      ));
    } else if (!settings.slack.channels[name]) {
      problems.push(env.source.problem(
        [...AT, "slack", "channels"],
        `has no Slack channel name for the channel "${name}", which routing reaches`,
        `add slack.channels.${name}: the channel's name in Slack, without #`,
      ));
    }
  }
  for (const name of Object.keys(settings.slack?.channels ?? {})) {
    if (env.channels[name]?.type === "slack") continue;
    problems.push(env.source.problem(
      [...AT, "slack", "channels", name],
      `"${name}" is not a Slack channel`,
      "name a channel of type slack from servio-monitoring:channels",
    ));
  }
}
