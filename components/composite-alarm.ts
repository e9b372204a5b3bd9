/**
 * The composite "service unhealthy" alarm, and the record of every alarm's knob sources that
 * ServiceMonitoring keeps as its inputs for the plan summary.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { AlarmSpec } from "../src/model/alarm-specs";
import type { CompositeSpec } from "../src/model/composite";
import type { ResolvedAlarm } from "../src/model/model";
import type { Severity } from "../src/model/vocabulary";

/** The composite alarm: pages through the topic of its severity, on alarm and on recovery. */
export function compositeAlarm(
  name: string,
  spec: CompositeSpec,
  topics: Record<Severity, pulumi.Input<string>>,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.CompositeAlarm {
  const topic = topics[spec.severity];
  return new aws.cloudwatch.CompositeAlarm(name, {
    alarmName: spec.alarmName,
    alarmDescription: spec.description,
    alarmRule: spec.rule,
    alarmActions: [topic],
    okActions: [topic],
    tags: { ...tags, severity: spec.severity, alarm: "unhealthy", family: "composite" },
  }, opts);
}

/**
 * `{ settings: { <alarm name>: "threshold: catalog/orders.yaml" }, disabled: [...] }`: the knobs
 * not at their tier default, by source, and the alarm kinds turned off, with who did it.
 */
export function alarmSettings(
  service: string,
  specs: AlarmSpec[],
  resolved: ResolvedAlarm[],
  composite?: CompositeSpec,
): Record<string, unknown> {
  const settings: Record<string, string> = {};
  for (const spec of specs) if (spec.sources) settings[spec.alarmName] = bySource(spec.sources);
  if (composite) settings[composite.alarmName] = `enabled: ${composite.source}`;
  const disabled = resolved
    .filter((a) => !a.knobs.enabled)
    .map((a) => `${a.key} (${a.sources.enabled})`)
    .sort();
  return { service, settings, disabled };
}

/** `threshold: catalog/orders.yaml; period, severity: Pulumi.dev.yaml`, or the tier default. */
function bySource(sources: Record<string, string>): string {
  const groups = new Map<string, string[]>();
  for (const [knob, source] of Object.entries(sources)) {
    if (source.endsWith(" default")) continue;
    groups.set(source, [...(groups.get(source) ?? []), knob]);
  }
  if (groups.size === 0) return Object.values(sources)[0] ?? "";
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, knobs]) => `${knobs.join(", ")}: ${s}`)
    .join("; ");
}
