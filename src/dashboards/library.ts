/**
 * The few pieces every generated dashboard is made of, over Grafana's foundation SDK: data
 * source references, CloudWatch and Sentry queries, time series and stat panels, a grid layout
 * and the finishing pass that makes the JSON stable (sorted keys, no `id` or `version`).
 */
import { createHash } from "node:crypto";

import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

import type { CwQuery, Signal } from "./signals";

/** Grafana refuses a uid longer than 40 characters. */
export const UID_MAX = 40;

/** A stable uid from a name: the name itself when it fits, else a prefix and a hash of it. */
export function uidOf(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  if (clean.length <= UID_MAX) return clean;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${clean.slice(0, UID_MAX - hash.length - 1)}-${hash}`;
}

/** Data source plugin ids. */
export const CLOUDWATCH = "cloudwatch";
export const SENTRY = "grafana-sentry-datasource";

/** Uids of the environment's data sources: `servio-<env>-cloudwatch`, `servio-<env>-sentry`. */
export function dataSourceUid(environment: string, type: "cloudwatch" | "sentry"): string {
  return uidOf(`servio-${environment}-${type}`);
}

/** What a panel builder needs to know of the environment. */
export interface Context {
  environment: string;
  /** The stack's AWS region, the default region of every CloudWatch query. */
  region: string;
  cloudwatch: { type: string; uid: string };
  /** Absent where the environment has no Sentry data source. */
  sentry?: { type: string; uid: string; environment: string };
}

/** One CloudWatch query as the foundation SDK builds it. */
export function cwQuery(ctx: Context, q: CwQuery): cloudwatch.MetricsQueryBuilder {
  const b = new cloudwatch.MetricsQueryBuilder()
    .datasource(ctx.cloudwatch)
    .refId(q.id)
    .id(q.id)
    .region(q.region ?? ctx.region)
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search);
  if (q.expression) {
    b.metricEditorMode(cloudwatch.MetricEditorMode.Code).expression(q.expression);
  } else {
    b.metricEditorMode(cloudwatch.MetricEditorMode.Builder)
      .namespace(q.namespace!)
      .metricName(q.metricName!)
      .dimensions(q.dimensions ?? {})
      .matchExact(q.matchExact ?? true)
      .statistic(q.statistic ?? "Average");
  }
  if (q.label) b.label(q.label);
  if (q.hide) b.hide(true);
  return b;
}

/**
 * A Sentry events-stats query (the SDK has no builder for the Sentry plugin): the count of
 * error events of the projects matching `query`, in the environment Sentry's SDKs report.
 */
export class SentryEventsQueryBuilder implements cog.Builder<cog.Dataquery> {
  constructor(
    private readonly ctx: NonNullable<Context["sentry"]>,
    private readonly refId: string,
    private readonly query: string,
  ) {}

  build(): cog.Dataquery {
    return {
      datasource: { type: this.ctx.type, uid: this.ctx.uid },
      environments: [this.ctx.environment],
      eventsStatsGroups: ["project"],
      eventsStatsQuery: this.query,
      eventsStatsYAxis: ["count()"],
      projectIds: [],
      queryType: "eventsStats",
      refId: this.refId,
    } as unknown as cog.Dataquery;
  }
}

/** Where a panel goes on the 24-column grid. */
export interface Box {
  w: number;
  h: number;
}

/** A time series of a signal's queries; `compare` overlays the same panel shifted back. */
export function timeseriesPanel(
  ctx: Context, s: Signal, options: { compare?: string } = {},
): timeseries.PanelBuilder {
  const p = new timeseries.PanelBuilder()
    .title(s.title)
    .unit(s.unit)
    .datasource(ctx.cloudwatch)
    .legend(new common.VizLegendOptionsBuilder()
      .showLegend(true)
      .displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom))
    .lineWidth(1)
    .fillOpacity(10);
  for (const q of s.queries) p.withTarget(cwQuery(ctx, q));
  if (options.compare) p.timeCompare(options.compare);
  return p;
}

/** A single value: the last value of the signal's visible query. */
export function statPanel(ctx: Context, s: Signal): stat.PanelBuilder {
  const p = new stat.PanelBuilder()
    .title(s.title)
    .unit(s.unit)
    .datasource(ctx.cloudwatch)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]));
  for (const q of s.queries) p.withTarget(cwQuery(ctx, q));
  return p;
}

/** A panel builder with a size, before it has a place. */
export interface Sized {
  panel: cog.Builder<dashboard.Panel> & { gridPos(g: dashboard.GridPos): unknown };
  box: Box;
}

/** A titled group of panels; rows are laid out top to bottom, their panels left to right. */
export interface Section {
  title: string;
  panels: Sized[];
}

/** Options every generated dashboard shares. */
export interface DashboardOptions {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  refresh: string;
  /** @default "now-6h" */
  from?: string;
  annotations?: cog.Builder<dashboard.AnnotationQuery>[];
}

/**
 * Lays the sections out on the grid (a row header, then panels wrapping at 24 columns) and
 * builds the dashboard; `finish` then makes its JSON stable.
 */
export function buildDashboard(o: DashboardOptions, sections: Section[]): Record<string, unknown> {
  const d = new dashboard.DashboardBuilder(o.title)
    .uid(o.uid)
    .description(o.description)
    .tags(o.tags)
    .refresh(o.refresh)
    .time({ from: o.from ?? "now-6h", to: "now" })
    .timezone("browser")
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
  for (const a of o.annotations ?? []) d.annotation(a);

  let y = 0;
  for (const section of sections) {
    d.withRow(new dashboard.RowBuilder(section.title).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const { panel, box } of section.panels) {
      if (x + box.w > 24) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      panel.gridPos({ x, y, w: box.w, h: box.h });
      d.withPanel(panel);
      x += box.w;
      rowHeight = Math.max(rowHeight, box.h);
    }
    y += rowHeight;
  }
  return finish(d.build() as unknown as Record<string, unknown>);
}

/**
 * The stable form of a dashboard: no dashboard `id` or `version` (Grafana owns them, and they
 * would show as a change on every run), panel ids by position, keys sorted at every level.
 */
export function finish(model: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _version, ...rest } = model;
  const panels = (rest.panels as Record<string, unknown>[] | undefined) ?? [];
  let next = 1;
  const numbered = panels.map((p) => {
    const nested = (p.panels as Record<string, unknown>[] | undefined)?.map((n) => ({ ...n, id: next++ }));
    return { ...p, id: next++, ...(nested ? { panels: nested } : {}) };
  });
  return sorted({ ...rest, panels: numbered }) as Record<string, unknown>;
}

/** Keys sorted at every level, so equal dashboards are equal strings. */
export function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]));
  }
  return value;
}

/** The dashboard's JSON as deployed: sorted keys, two-space indent. */
export function dashboardJson(model: Record<string, unknown>): string {
  return JSON.stringify(sorted(model), null, 2);
}
