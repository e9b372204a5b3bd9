/**
 * GrafanaDashboards: an environment's dashboards as code. A folder, the data sources the panels
 * read (CloudWatch in the environment's account and region; Sentry where configured) and every
 * dashboard of `src/dashboards/`, generated or hand-written, as built there.
 */
import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";

import { type DashboardSpec, dashboardSpecs } from "../src/dashboards";
import { dataSourcesOf } from "../src/dashboards/custom";
import { CLOUDWATCH, dashboardJson, SENTRY, uidOf } from "../src/dashboards/library";
import { type MetricCatalog, metricCatalog } from "../src/dashboards/metrics";
import type { GrafanaSettings } from "../src/model/grafana";
import type { Model } from "../src/model/model";

/** Inputs of GrafanaDashboards. */
export interface GrafanaDashboardsArgs {
  /** Stack name, in the folder's and every data source's and dashboard's uid. */
  environment: string;
  /** The stack's AWS region: the CloudWatch data source's default region. */
  region: string;
  /** The environment's `servio-monitoring:grafana` settings. */
  settings: GrafanaSettings;
  /** The dashboards to deploy, as `dashboardSpecs()` builds them. */
  dashboards: DashboardSpec[];
  /**
   * The metrics the stack declares or publishes, recorded on the component so that the plan's
   * checks can tell a query of a real metric from a typo.
   */
  metrics: MetricCatalog;
  /** Sentry's auth token; required when `settings.sentry` is set. */
  sentryToken?: pulumi.Input<string>;
}

/**
 * @example
 * const dashboards = new GrafanaDashboards("prod", {
 *   environment: "prod", region: "eu-west-1", settings: model.grafana.settings,
 *   dashboards: dashboardSpecs({ ... }), metrics: metricCatalog("prod", model.services),
 *   sentryToken: config.requireSecret("grafanaSentryToken"),
 * });
 * // dashboards.uids.health === "servio-prod-health"
 */
export class GrafanaDashboards extends pulumi.ComponentResource {
  /** Per dashboard key (`health`, `service-orders`, `custom-checkout`), its uid. */
  readonly uids: Record<string, string>;

  constructor(name: string, args: GrafanaDashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("servio:monitoring:GrafanaDashboards", name, { metrics: args.metrics }, opts);
    const { environment, settings } = args;
    const child = { parent: this };
    const sources = dataSourcesOf(environment, settings);

    const folder = new grafana.oss.Folder(`${name}-folder`, {
      title: settings.folder ?? `Servio ${environment}`,
      uid: uidOf(`servio-${environment}`),
    }, child);

    const cw = settings.cloudwatch;
    const dataSources = [new grafana.oss.DataSource(`${name}-cloudwatch`, {
      type: CLOUDWATCH,
      name: `Servio ${environment} CloudWatch`,
      uid: sources[0].uid,
      jsonDataEncoded: JSON.stringify({
        authType: cw.authType,
        defaultRegion: args.region,
        ...(cw.assumeRoleArn ? { assumeRoleArn: cw.assumeRoleArn } : {}),
        ...(cw.externalId ? { externalId: cw.externalId } : {}),
      }),
    }, child)];

    if (settings.sentry) {
      if (!args.sentryToken) throw new Error(`${name}: settings.sentry needs the sentryToken argument`);
      dataSources.push(new grafana.oss.DataSource(`${name}-sentry`, {
        type: SENTRY,
        name: `Servio ${environment} Sentry`,
        uid: sources[1].uid,
        jsonDataEncoded: JSON.stringify({ orgSlug: settings.sentry.organization, url: settings.sentry.url }),
        secureJsonDataEncoded: pulumi.secret(
          pulumi.output(args.sentryToken).apply((authToken) => JSON.stringify({ authToken })),
        ),
      }, child));
    }

    this.uids = {};
    for (const d of args.dashboards) {
      new grafana.oss.Dashboard(`${name}-${d.key}`, {
        folder: folder.uid,
        configJson: dashboardJson(d.model),
        message: "servio-monitoring",
      }, { ...child, dependsOn: dataSources });
      this.uids[d.key] = d.uid;
    }
    this.registerOutputs({ uids: this.uids });
  }
}

/** The component's arguments for a model that has Grafana settings. */
export function grafanaArgs(
  model: Model, secret: (key: string) => pulumi.Output<string>,
): GrafanaDashboardsArgs {
  const g = model.grafana!;
  const token = g.settings.sentry?.tokenSecret;
  return {
    environment: model.environment,
    region: model.region,
    settings: g.settings,
    dashboards: dashboardSpecs({
      environment: model.environment,
      region: model.region,
      settings: g.settings,
      services: model.services,
      custom: g.custom,
      sentryEnvironment: model.sentry?.environment,
    }),
    metrics: metricCatalog(model.environment, model.services),
    ...(token ? { sentryToken: secret(token) } : {}),
  };
}
