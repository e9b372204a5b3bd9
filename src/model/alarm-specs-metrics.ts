/**
 * Specs of the kinds of issue 3: infrastructure and databases (alarm-specs-infra.ts),
 * business, custom metrics and logs (here). Missing-data choices are deliberate and
 * explained where they are made.
 */
import type { AlarmSpec, MetricStat, SpecBase } from "./alarm-specs";
import { stat } from "./alarm-specs";
import { databaseSpecs, infrastructureSpecs, input, output } from "./alarm-specs-infra";
import { ALARM_KINDS, type AlarmKnobs, KNOB_NAMES } from "./defaults";
import type { ResolvedAlarm, Service } from "./model";
import { hasFloor } from "./resolve-metrics";
import type { CustomMetric, CustomMetricStat } from "./schema-metrics";

/** Namespace of the metrics the services' log filters publish. */
export function logNamespace(environment: string): string {
  return `Servio/Logs/${environment}`;
}

/** Specs of every kind beyond the entry points. */
export function metricSpecs(
  environment: string,
  service: Service,
  alarm: ResolvedAlarm,
  base: SpecBase,
): AlarmSpec[] {
  const found = infrastructureSpecs(service, alarm, base) ?? databaseSpecs(service, alarm, base);
  if (found) return found;

  const slug = ALARM_KINDS[alarm.key].slug;
  const { threshold: t, period } = alarm.knobs;
  const runbook = `Runbook: ${service.runbook}`;
  const business = service.businessMetrics;

  switch (alarm.key) {
    case "businessAnomaly":
      return business!.metrics.map((m) =>
        base(`${slug}/${kebab(m.name)}`, {
          description:
            `${m.name} of ${service.name} is outside its expected band (${t} σ): ` +
            `${m.description}. ${runbook}`,
          queries: [
            // The band models the metric itself, which is returned beside the band.
            {
              ...input("m", stat(business!.namespace, m.name, {}, businessStat(m))),
              label: m.name,
              returnData: true,
            },
            output("band", `Expected ${m.name}`, `ANOMALY_DETECTION_BAND(m, ${t})`),
          ],
          thresholdMetricId: "band",
          comparison: "LessThanLowerOrGreaterThanUpperThreshold",
          // Silence is the floor alarm's to report; a band would fire on every quiet night too.
          treatMissingData: "notBreaching",
        }),
      );
    case "businessFloor": {
      const minutes = (period * alarm.knobs.evaluationPeriods) / 60;
      return business!.metrics.filter(hasFloor).map((m) =>
        base(`${slug}/${kebab(m.name)}`, {
          description:
            `Fewer than ${t} ${m.name} per ${period / 60} min of ${service.name} ` +
            `for ${minutes} minutes. ${runbook}`,
          metric: stat(business!.namespace, m.name, {}, "Sum"),
          // A counter publishes nothing when nothing happens: no data is the very thing to catch.
          treatMissingData: "breaching",
        }),
      );
    }
    case "custom":
      return (service.customMetrics ?? []).map((m) => customSpec(service, alarm, m, base));
    case "logErrors":
      return Object.keys(service.logs?.errorPatterns ?? {}).map((id) =>
        base(`${slug}/${id}`, {
          description:
            `Lines matching the "${id}" pattern in ${service.logs!.groupName} above ${t} ` +
            `per ${period / 60} min. ${runbook}`,
          metric: stat(logNamespace(environment), `${service.name}/${id}`, {}, "Sum"),
        }),
      );
    default:
      throw new Error(`no alarm spec for the kind "${alarm.key}"`);
  }
}

/** An entry's own knobs over the `custom` kind's; the threshold always from the entry. */
function customSpec(
  service: Service,
  alarm: ResolvedAlarm,
  m: CustomMetric,
  base: SpecBase,
): AlarmSpec {
  const knobs: AlarmKnobs = { ...alarm.knobs, threshold: m.threshold };
  const sources = { ...alarm.sources, threshold: service.file };
  for (const knob of KNOB_NAMES) {
    if (m[knob] === undefined) continue;
    (knobs as unknown as Record<string, unknown>)[knob] = m[knob];
    sources[knob] = service.file;
  }
  const fields = {
    knobs,
    sources,
    comparison: m.comparison,
    threshold: m.threshold,
    description: `${m.description} (${service.name}). Runbook: ${service.runbook}`,
    // An owner's metric may be sparse by design: CloudWatch keeps the last state unless told.
    treatMissingData: m.treatMissingData ?? "missing",
  } as const;
  if (m.metric) return base(`custom/${m.id}`, { ...fields, metric: customStat(m.metric) });
  const queries = [
    ...Object.entries(m.metrics!).map(([id, s]) => input(id, customStat(s))),
    output("expr", m.description, m.expression!),
  ];
  return base(`custom/${m.id}`, { ...fields, queries });
}

function customStat(s: CustomMetricStat): MetricStat {
  return stat(s.namespace, s.name, s.dimensions, s.statistic);
}

function businessStat(m: { unit?: string; statistic?: string }): string {
  return m.statistic ?? (m.unit === "Count" ? "Sum" : "Average");
}

/** `OrdersPlaced` -> `orders-placed`. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
