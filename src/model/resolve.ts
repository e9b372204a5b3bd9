/**
 * Resolves each alarm's knobs: the tier default, then the environment's override, then the
 * service's own. The result remembers where each value came from.
 */
import type { Problem } from "./problems";
import { ALARM_KINDS, type AlarmKey, type AlarmKnobs, KNOB_NAMES, TIER_DEFAULTS } from "./defaults";
import type { ResolvedAlarm, Service } from "./model";
import type { AlarmOverrides } from "./schema";
import type { KeyPath, SourceFile } from "./source";
import { isValidPeriod } from "./vocabulary";
import { applicableMetricAlarms } from "./resolve-metrics";

export interface OverrideLayer {
  overrides: AlarmOverrides;
  source: SourceFile;
}

/** The alarm kinds a service gets, from the resources its catalog entry lists. */
export function applicableAlarms(
  service: Pick<Service, "resources" | "health"> & Partial<Pick<Service, "businessMetrics" | "customMetrics">>,
): AlarmKey[] {
  const r = service.resources;
  const keys: AlarmKey[] = [];
  if (r.loadBalancer) keys.push("albTarget5xxRate", "albTargetP99Latency");
  if (r.apiGateway) keys.push("apiGateway5xxRate", "apiGatewayP99Latency");
  if (r.lambdaFunctions) keys.push("lambdaErrorRate", "lambdaThrottles", "lambdaP99Duration");
  if (service.health) keys.push("uptime");
  keys.push(...applicableMetricAlarms(service));
  return keys;
}

/** Where the override of `key` lives in a layer's file. */
function overridePath(layer: OverrideLayer, key: AlarmKey, knob?: string): KeyPath {
  const base: KeyPath = layer.source.file.startsWith("Pulumi.")
    ? ["config", "servio-monitoring:alarms", key]
    : ["alarms", key];
  return knob ? [...base, knob] : base;
}

export function resolveAlarms(
  service: Service,
  env: OverrideLayer,
  own: OverrideLayer,
  problems: Problem[],
): ResolvedAlarm[] {
  const applicable = applicableAlarms(service);

  for (const key of Object.keys(own.overrides) as AlarmKey[]) {
    if (!applicable.includes(key)) {
      problems.push(own.source.problem(overridePath(own, key), `overrides ${key}, but the service has no resource it watches`, `alarms that apply here: ${applicable.join(", ") || "none"}`));
    }
  }

  return applicable.map((key) => {
    const knobs: AlarmKnobs = { ...TIER_DEFAULTS[key][service.tier] };
    const sources = Object.fromEntries(KNOB_NAMES.map((n) => [n, `tier ${service.tier} default`])) as ResolvedAlarm["sources"];
    const setBy: Partial<Record<keyof AlarmKnobs, OverrideLayer>> = {};
    for (const layer of [env, own]) {
      const o = layer.overrides[key];
      if (!o) continue;
      for (const knob of KNOB_NAMES) {
        if (o[knob] === undefined) continue;
        (knobs as unknown as Record<string, unknown>)[knob] = o[knob];
        sources[knob] = layer.source.file;
        setBy[knob] = layer;
      }
    }
    checkKnobs(key, knobs, setBy, problems);
    return { key, knobs, sources };
  });
}

function checkKnobs(
  key: AlarmKey,
  knobs: AlarmKnobs,
  setBy: Partial<Record<keyof AlarmKnobs, OverrideLayer>>,
  problems: Problem[],
): void {
  const report = (knob: keyof AlarmKnobs, message: string, hint?: string) => {
    const layer = setBy[knob];
    if (layer) problems.push(layer.source.problem(overridePath(layer, key, knob), message, hint));
  };
  const kind = ALARM_KINDS[key];

  if (!isValidPeriod(knobs.period)) {
    report("period", `${knobs.period} s is not a period CloudWatch accepts`, "use 10, 30 or a multiple of 60 seconds");
  }
  if (knobs.datapointsToAlarm > knobs.evaluationPeriods) {
    const knob = setBy.datapointsToAlarm ? "datapointsToAlarm" : "evaluationPeriods";
    report(knob, `${knobs.datapointsToAlarm} datapoints to alarm out of ${knobs.evaluationPeriods} evaluation periods can never breach`, "datapointsToAlarm must be at most evaluationPeriods");
  }
  if (knobs.period * knobs.evaluationPeriods > 86_400) {
    const knob = setBy.evaluationPeriods ? "evaluationPeriods" : "period";
    report(knob, `the evaluation window is ${knobs.period * knobs.evaluationPeriods} s, longer than CloudWatch's one day`, "period × evaluationPeriods must be at most 86400 seconds");
  }
  if (kind.unit === "%" && knobs.threshold > 100) {
    report("threshold", `${knobs.threshold} % is more than 100 %: the alarm could never fire`, "give the rate as a percentage between 0 and 100");
  }
  if (kind.thresholdPerEntry && setBy.threshold) {
    report("threshold", `${kind.title} alarms take their threshold from each entry`, "set threshold on the entry under customMetrics");
  }
  if (kind.fixedThreshold && setBy.threshold) {
    report("threshold", `the ${kind.title} alarm has a fixed threshold and cannot take one`, "remove the threshold; tune evaluationPeriods or datapointsToAlarm instead");
  }
}
