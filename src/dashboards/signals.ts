/**
 * What a service's resources publish to CloudWatch, as the queries dashboards draw: its entry
 * points' errors, latency and traffic, its saturation and its databases. Pure: the catalog entry
 * in, plain query specs out; the panels are built from these in the dashboard modules.
 */
import type { Service } from "../model/model";

/** One CloudWatch metric, or metric math over the other queries of the panel. */
export interface CwQuery {
  /** The query id metric math refers to; lower-case first letter. */
  id: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  /** `Sum`, `Average`, `p99`…; @default "Average" */
  statistic?: string;
  /** Metric math over the panel's other queries, e.g. `100 * errors / requests`. */
  expression?: string;
  /** The series' name in the legend. */
  label?: string;
  /** An input of an expression, not drawn itself. @default false */
  hide?: boolean;
  /** Only series with exactly these dimensions; false also matches series with more. @default true */
  matchExact?: boolean;
  /** Where the metric lives, when not in the stack's region (Route 53 checks: us-east-1). */
  region?: string;
}

/** Queries that belong on one panel, with the unit their values are in. */
export interface Signal {
  title: string;
  /** A Grafana unit id: `percent`, `ms`, `s`, `reqps`, `short`, `bytes`. */
  unit: string;
  queries: CwQuery[];
}

const metric = (
  id: string, namespace: string, metricName: string, dimensions: Record<string, string>,
  statistic: string, label?: string,
): CwQuery => ({ id, namespace, metricName, dimensions, statistic, ...(label ? { label } : {}) });

/** `100 * errors / total` of one entry point, its inputs hidden. */
function rate(prefix: string, namespace: string, errors: string, total: string,
  dimensions: Record<string, string>, label: string): CwQuery[] {
  return [
    { ...metric(`${prefix}e`, namespace, errors, dimensions, "Sum"), hide: true },
    { ...metric(`${prefix}t`, namespace, total, dimensions, "Sum"), hide: true },
    { id: `${prefix}r`, expression: `100 * FILL(${prefix}e, 0) / ${prefix}t`, label },
  ];
}

/** An entry point: where requests come in (a target group, an API stage, a function). */
interface EntryPoint {
  label: string;
  errorRate: CwQuery[];
  latency: (percentile: string, id: string) => CwQuery;
  /** The latency metric's unit: ALB reports seconds, the others milliseconds. */
  latencyUnit: "s" | "ms";
  throughput: (id: string) => CwQuery;
}

/** Every entry point of a service, in a stable order: load balancer, API, functions. */
export function entryPoints(service: Service): EntryPoint[] {
  const r = service.resources;
  const points: EntryPoint[] = [];
  if (r.loadBalancer) {
    const dims = { LoadBalancer: r.loadBalancer.name, TargetGroup: r.loadBalancer.targetGroup };
    const ns = "AWS/ApplicationELB";
    points.push({
      label: "ALB",
      errorRate: rate("alb", ns, "HTTPCode_Target_5XX_Count", "RequestCount", dims, "ALB 5xx %"),
      latency: (p, id) => metric(id, ns, "TargetResponseTime", dims, p, `ALB ${p}`),
      latencyUnit: "s",
      throughput: (id) => metric(id, ns, "RequestCount", dims, "Sum", "ALB requests"),
    });
  }
  if (r.apiGateway) {
    const dims = { ApiName: r.apiGateway.name, Stage: r.apiGateway.stage };
    const ns = "AWS/ApiGateway";
    points.push({
      label: "API",
      errorRate: rate("api", ns, "5XXError", "Count", dims, "API 5xx %"),
      latency: (p, id) => metric(id, ns, "Latency", dims, p, `API ${p}`),
      latencyUnit: "ms",
      throughput: (id) => metric(id, ns, "Count", dims, "Sum", "API requests"),
    });
  }
  (r.lambdaFunctions ?? []).forEach((fn, n) => {
    const dims = { FunctionName: fn };
    const ns = "AWS/Lambda";
    points.push({
      label: `Lambda ${shortName(fn, service.name)}`,
      errorRate: rate(`fn${n}`, ns, "Errors", "Invocations", dims, `${fn} errors %`),
      latency: (p, id) => metric(id, ns, "Duration", dims, p, `${fn} ${p}`),
      latencyUnit: "ms",
      throughput: (id) => metric(id, ns, "Invocations", dims, "Sum", `${fn} invocations`),
    });
  });
  return points;
}

/** A function's name after its service's (`servio-prod-payments-capture` -> `capture`). */
function shortName(fn: string, service: string): string {
  const at = fn.indexOf(`${service}-`);
  return at >= 0 && at + service.length + 1 < fn.length ? fn.slice(at + service.length + 1) : fn;
}

/** Error rate of every entry point, in %; undefined for a service without one. */
export function errorRate(service: Service): Signal | undefined {
  const queries = entryPoints(service).flatMap((e) => e.errorRate);
  return queries.length ? { title: `${service.name} error rate`, unit: "percent", queries } : undefined;
}

/** CPU, memory and connections: whatever of them the service's resources report, in %. */
export function saturation(service: Service): Signal[] {
  const r = service.resources;
  const signals: Signal[] = [];
  if (r.ecsService) {
    const dims = { ClusterName: r.ecsService.cluster, ServiceName: r.ecsService.service };
    signals.push({
      title: `${service.name} CPU and memory`,
      unit: "percent",
      queries: [
        metric("cpu", "AWS/ECS", "CPUUtilization", dims, "Average", "CPU %"),
        metric("mem", "AWS/ECS", "MemoryUtilization", dims, "Average", "memory %"),
      ],
    });
  }
  const dbs = databases(service);
  if (dbs.length) {
    signals.push({
      title: `${service.name} database connections`,
      unit: "short",
      queries: dbs.map((d, n) => metric(`conn${n}`, "AWS/RDS", "DatabaseConnections", d.dims, "Maximum", d.name)),
    });
  }
  if (r.lambdaFunctions) {
    signals.push({
      title: `${service.name} Lambda concurrency`,
      unit: "short",
      queries: r.lambdaFunctions.map((fn, n) =>
        metric(`cc${n}`, "AWS/Lambda", "ConcurrentExecutions", { FunctionName: fn }, "Maximum", fn)),
    });
  }
  return signals;
}

/** The service's RDS instance and Aurora cluster, with their CloudWatch dimensions. */
export function databases(service: Service): { name: string; dims: Record<string, string> }[] {
  const r = service.resources;
  return [
    ...(r.rdsInstance ? [{ name: r.rdsInstance, dims: { DBInstanceIdentifier: r.rdsInstance } }] : []),
    ...(r.auroraCluster ? [{ name: r.auroraCluster, dims: { DBClusterIdentifier: r.auroraCluster } }] : []),
  ];
}

/** Read and write latency of the service's databases, in seconds as RDS reports them. */
export function databaseLatency(service: Service): Signal | undefined {
  const dbs = databases(service);
  if (!dbs.length) return undefined;
  const queries = dbs.flatMap((d, n) => [
    metric(`rd${n}`, "AWS/RDS", "ReadLatency", d.dims, "Average", `${d.name} read`),
    metric(`wr${n}`, "AWS/RDS", "WriteLatency", d.dims, "Average", `${d.name} write`),
  ]);
  return { title: `${service.name} database latency`, unit: "s", queries };
}

/** Messages waiting in the service's dead-letter queues. */
export function deadLetters(service: Service): Signal | undefined {
  const dlqs = (service.resources.sqsQueues ?? []).flatMap((q) => (q.deadLetterQueue ? [q.deadLetterQueue] : []));
  if (!dlqs.length) return undefined;
  return {
    title: `${service.name} dead-letter queues`,
    unit: "short",
    queries: dlqs.map((q, n) =>
      metric(`dlq${n}`, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: q }, "Maximum", q)),
  };
}

/** Lambda errors per function, as counts. */
export function lambdaErrors(service: Service): Signal | undefined {
  const fns = service.resources.lambdaFunctions ?? [];
  if (!fns.length) return undefined;
  return {
    title: `${service.name} Lambda errors`,
    unit: "short",
    queries: fns.map((fn, n) => metric(`le${n}`, "AWS/Lambda", "Errors", { FunctionName: fn }, "Sum", fn)),
  };
}

/** The service's own metrics: its business metrics and the metrics its custom alarms watch. */
export function ownMetrics(service: Service): Signal[] {
  const signals: Signal[] = [];
  const business = service.businessMetrics;
  for (const m of business?.metrics ?? []) {
    const statistic = m.statistic ?? (m.unit === "Count" ? "Sum" : "Average");
    signals.push({
      title: m.description,
      unit: m.unit === "Percent" ? "percent" : "short",
      queries: [metric("m", business!.namespace, m.name, {}, statistic, m.name)],
    });
  }
  for (const c of service.customMetrics ?? []) {
    const stats = c.metric ? { m: c.metric } : c.metrics ?? {};
    const queries: CwQuery[] = Object.entries(stats).map(([id, s]) =>
      ({ ...metric(id, s.namespace, s.name, s.dimensions, s.statistic, s.name), hide: c.expression !== undefined }));
    if (c.expression) queries.push({ id: "expr", expression: c.expression, label: c.id });
    signals.push({ title: c.description, unit: "short", queries });
  }
  return signals;
}
