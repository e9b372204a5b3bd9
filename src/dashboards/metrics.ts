/**
 * The metrics a dashboard query may name: those the stack's alarms watch, the catalog's
 * business and custom metrics, and what the services' resources publish. A query naming any
 * other metric draws an empty panel, so it is an error.
 */
import { alarmSpecs } from "../model/alarm-specs";
import type { Service } from "../model/model";
import {
  databaseLatency, deadLetters, entryPoints, errorRate, lambdaErrors, ownMetrics, saturation,
  type Signal,
} from "./signals";

/** Namespace -> metric names. */
export type MetricCatalog = Record<string, string[]>;

/** Adds `namespace`/`name` pairs to a catalog, keeping it sorted and without repeats. */
export function mergeCatalog(
  into: MetricCatalog, pairs: { namespace: string; metricName: string }[],
): MetricCatalog {
  const sets = new Map(Object.entries(into).map(([ns, names]) => [ns, new Set(names)]));
  for (const { namespace, metricName } of pairs) {
    if (!sets.has(namespace)) sets.set(namespace, new Set());
    sets.get(namespace)!.add(metricName);
  }
  return Object.fromEntries([...sets.keys()].sort().map((ns) => [ns, [...sets.get(ns)!].sort()]));
}

/** Every metric the services publish or their alarms watch, in `environment`. */
export function metricCatalog(environment: string, services: Service[]): MetricCatalog {
  const pairs: { namespace: string; metricName: string }[] = [];
  for (const s of services) {
    for (const spec of alarmSpecs(environment, s)) {
      for (const m of [spec.metric, ...(spec.queries ?? []).map((q) => q.metric)]) {
        if (m) pairs.push({ namespace: m.namespace, metricName: m.metricName });
      }
    }
    const signals: (Signal | undefined)[] = [
      errorRate(s), databaseLatency(s), deadLetters(s), lambdaErrors(s),
      ...saturation(s), ...ownMetrics(s),
    ];
    for (const e of entryPoints(s)) {
      signals.push({ title: "", unit: "", queries: [e.latency("p99", "l"), e.throughput("t")] });
    }
    if (s.health) pairs.push({ namespace: "AWS/Route53", metricName: "HealthCheckStatus" });
    for (const q of signals.flatMap((sig) => sig?.queries ?? [])) {
      if (q.namespace && q.metricName) pairs.push({ namespace: q.namespace, metricName: q.metricName });
    }
  }
  return mergeCatalog({}, pairs);
}
