/**
 * The generated dashboards: system health, performance, business, error tracking and one per
 * service, each a pure function of the catalog. A new catalog service appears on all of them.
 */
import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

import { alarmPrefix } from "../model/alarm-specs";
import type { Service } from "../model/model";
import {
  type Context, type Section, SentryEventsQueryBuilder, type Sized, statPanel, timeseriesPanel,
} from "./library";
import {
  databaseLatency, deadLetters, entryPoints, errorRate, lambdaErrors, ownMetrics, saturation,
  type Signal,
} from "./signals";

const HALF = { w: 12, h: 8 };
const THIRD = { w: 8, h: 8 };
const QUARTER = { w: 6, h: 6 };

const series = (ctx: Context, s: Signal, box = HALF, compare?: string): Sized =>
  ({ panel: timeseriesPanel(ctx, s, { compare }), box });

/** The uptime check's status: 1 while Route 53's checkers reach the health URL, 0 when not. */
function uptime(ctx: Context, service: Service): Sized[] {
  if (!service.health) return [];
  const s: Signal = {
    title: `${service.name} uptime check`,
    unit: "bool_on_off",
    queries: [{
      id: "up",
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      // TODO: filter on the check's HealthCheckId. It is known only once the check exists, and a
      // dashboard built from unknown ids would leave the plan unreadable; until the ids are
      // exported and fed back, the panel shows the lowest status of the environment's checks.
      dimensions: {},
      matchExact: false,
      statistic: "Minimum",
      label: service.health.url,
      region: "us-east-1",
    }],
  };
  return [{ panel: statPanel(ctx, s), box: QUARTER }];
}

/** CloudWatch alarm state changes of a service, drawn on every panel: its alarms in alarm. */
export function alarmAnnotation(ctx: Context, service: Service): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name(`${service.name} alarms`)
    .datasource(ctx.cloudwatch)
    .enable(true)
    .iconColor("red")
    .target(new cloudwatch.AnnotationQueryBuilder()
      .queryMode(cloudwatch.QueryMode.Annotations)
      .region(ctx.region)
      .namespace("")
      .prefixMatching(true)
      .actionPrefix("arn:aws:sns:")
      .alarmNamePrefix(alarmPrefix(ctx.environment, service.name)));
}

/** System health: one row per service: uptime, error rate, saturation. */
export function healthSections(ctx: Context, services: Service[]): Section[] {
  return services.map((s) => {
    const rate = errorRate(s);
    return {
      title: s.name,
      panels: [
        ...uptime(ctx, s),
        ...(rate ? [series(ctx, rate, { w: 6, h: 6 })] : []),
        ...saturation(s).map((sig) => series(ctx, sig, { w: 6, h: 6 })),
      ],
    };
  });
}

/** Performance: latency percentiles and throughput per entry point, database latency. */
export function performanceSections(ctx: Context, services: Service[]): Section[] {
  return services.flatMap((s) => {
    const panels: Sized[] = entryPoints(s).flatMap((e) => [
      series(ctx, {
        title: `${s.name} ${e.label} latency`,
        unit: e.latencyUnit,
        queries: ["p50", "p90", "p99"].map((p) => e.latency(p, p)),
      }, THIRD),
      series(ctx, { title: `${s.name} ${e.label} throughput`, unit: "short", queries: [e.throughput("n")] }, THIRD),
    ]);
    const db = databaseLatency(s);
    if (db) panels.push(series(ctx, db, THIRD));
    return panels.length ? [{ title: s.name, panels }] : [];
  });
}

/** Business: every business metric of the catalog, the previous week overlaid. */
export function businessSections(ctx: Context, services: Service[]): Section[] {
  return services.flatMap((s) => {
    const business = ownMetrics(s).slice(0, s.businessMetrics?.metrics.length ?? 0);
    if (!business.length) return [];
    return [{ title: s.name, panels: business.map((b) => series(ctx, b, HALF, "7d")) }];
  });
}

/**
 * Error tracking, a row per kind of error so that services compare at a glance: 5xx and error
 * rates, Lambda errors, dead-letter queues, and Sentry's events where Sentry is configured.
 */
export function errorSections(ctx: Context, services: Service[]): Section[] {
  const rows: [string, (s: Service) => Signal | undefined][] = [
    ["5xx and error rates", errorRate],
    ["Lambda errors", lambdaErrors],
    ["Dead-letter queues", deadLetters],
  ];
  const sections: Section[] = rows.flatMap(([title, signal]) => {
    const signals = services.map(signal).filter((x): x is Signal => !!x);
    return signals.length ? [{ title, panels: signals.map((sig) => series(ctx, sig, THIRD)) }] : [];
  });
  if (ctx.sentry) sections.push({ title: "Sentry", panels: [sentryEvents(ctx, services, "Sentry error events")] });
  return sections;
}

/** Error events per Sentry project (one per catalog service). */
function sentryEvents(ctx: Context, services: Service[], title: string, box = { w: 24, h: 8 }): Sized {
  const sentry = ctx.sentry!;
  const projects = services.map((s) => s.name);
  const query = `event.type:error project:[${projects.join(",")}]`;
  const panel = timeseriesPanel(ctx, { title, unit: "short", queries: [] })
    .datasource({ type: sentry.type, uid: sentry.uid })
    .withTarget(new SentryEventsQueryBuilder(sentry, "events", query));
  return { panel, box };
}

/** One service: its health, performance, errors and every metric of its own. */
export function serviceSections(ctx: Context, s: Service): Section[] {
  const [health] = healthSections(ctx, [s]);
  const [performance] = performanceSections(ctx, [s]);
  const errors = errorSections({ ...ctx, sentry: undefined }, [s]).flatMap((e) => e.panels);
  if (ctx.sentry) errors.push(sentryEvents(ctx, [s], `${s.name} Sentry error events`, THIRD));
  const own = ownMetrics(s).map((m) => series(ctx, m, HALF));
  return [
    { ...health, title: "Health" },
    ...(performance ? [{ ...performance, title: "Performance" }] : []),
    ...(errors.length ? [{ title: "Errors", panels: errors }] : []),
    ...(own.length ? [{ title: "Business and custom metrics", panels: own }] : []),
  ];
}
