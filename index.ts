/**
 * The Servio monitoring stack. The same program runs under `pulumi up` and under the offline
 * engine (`npm run plan`): it reads the catalog and the stack's config, and declares the
 * notification routes, the on-call setup and each service's monitoring.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DatadogMonitoring, datadogArgsOf } from "./components/datadog";
import { GrafanaDashboards, grafanaArgs } from "./components/grafana";
import { IncidentPolicy } from "./components/incident-policy";
import { NotificationRoutes } from "./components/notification-routes";
import { OnCall } from "./components/oncall";
import { SentryMonitoring } from "./components/sentry";
import { ServiceMonitoring } from "./components/service-monitoring";
import { alarmPrefix, alarmSpecs } from "./src/model/alarm-specs";
import { compositeSpec } from "./src/model/composite";
import { loadModel } from "./src/model/load";
import { isProblemsError } from "./src/model/problems";
import { pages } from "./src/model/model";
import { PROJECT } from "./src/model/vocabulary";

/** The program; `projectDir` lets tests and the offline engine run it on a copy of the project. */
export = async (projectDir: string = __dirname) => {
  const model = loadOrExplain(projectDir);
  const env = model.environment;
  const config = new pulumi.Config(PROJECT);

  const secrets: Record<string, pulumi.Output<string>> = {};
  for (const channel of Object.values(model.channels)) {
    if (channel.type === "webhook") secrets[channel.urlSecret] = config.requireSecret(channel.urlSecret);
  }

  new IncidentPolicy(env, {
    environment: env,
    routing: model.routing,
    channels: model.channels,
    requireFullCoverage: model.oncall?.requireFullCoverage,
    postmortemTemplate: model.oncall?.postmortemTemplate,
  });
  const oncall = pages(model) && model.oncall
    ? new OnCall(env, {
        environment: env,
        teams: Object.values(model.teams).filter((t) => model.services.some((s) => s.team === t.name)),
        services: model.services,
        config: model.oncall,
        protect: model.protect,
      })
    : undefined;
  const pagers = oncall
    ? model.services.map((s) => ({ service: s.name, alarmPrefix: alarmPrefix(env, s.name), endpoint: oncall.endpoints[s.name] }))
    : [];

  const routesArgs = { environment: env, routing: model.routing, channels: model.channels, pagers, secrets };
  const routes = new NotificationRoutes(env, routesArgs);

  // Route53 health checks publish their metrics only in us-east-1, so their alarms and the
  // topics those alarms publish to live there.
  const needsUsEast1 = model.services.some((s) => s.health);
  const usEast1Provider = needsUsEast1 ? new aws.Provider("us-east-1", { region: "us-east-1" }) : undefined;
  const usEast1Routes = usEast1Provider
    ? new NotificationRoutes(`${env}-us-east-1`, { ...routesArgs, regionSuffix: "us-east-1" }, { provider: usEast1Provider })
    : undefined;

  const alarms: string[] = [];
  for (const service of model.services) {
    const specs = alarmSpecs(env, service);
    const monitoring = new ServiceMonitoring(`${env}-${service.name}`, {
      environment: env,
      service,
      alarms: specs,
      composite: compositeSpec(env, service, specs),
      logs: service.logs,
      protect: model.protect,
      resolved: service.alarms,
      topics: routes.topicArns,
      usEast1: usEast1Provider && usEast1Routes ? { provider: usEast1Provider, topics: usEast1Routes.topicArns } : undefined,
    });
    alarms.push(...monitoring.alarmNames);
    // Let the runtime register this service's resources before declaring the next: the
    // offline engine's memory then stays flat with the size of the catalog.
    await new Promise((resolve) => setImmediate(resolve));
  }

  // Sentry only where the environment's config says so (servio-monitoring:sentry).
  const sentry = model.sentry
    ? new SentryMonitoring(env, {
        environment: env,
        settings: model.sentry,
        teams: Object.values(model.teams).filter((t) => model.services.some((s) => s.team === t.name)),
        services: model.services,
        channels: model.channels,
        routing: model.routing,
        protect: model.protect,
        settingsFile: model.configFile,
      })
    : undefined;

  // Datadog APM only where the environment's config says so (servio-monitoring:datadog).
  const datadogArgs = datadogArgsOf(model, secrets, oncall?.integrations);
  if (datadogArgs) new DatadogMonitoring(env, datadogArgs);
  // Grafana only where the environment's config says so (servio-monitoring:grafana).
  const grafana = model.grafana &&
    new GrafanaDashboards(env, grafanaArgs(model, (k) => config.requireSecret(k)));

  return {
    topics: routes.topicArns,
    alarmCount: alarms.length,
    ...(sentry ? { sentryDsns: sentry.dsns } : {}),
    ...(grafana ? { dashboards: grafana.uids } : {}),
  };
};

/**
 * Loads the model; a user's mistakes become a RunError, which `pulumi` prints without a stack
 * trace, still carrying the problems for the offline engine.
 */
function loadOrExplain(projectDir: string) {
  try {
    return loadModel(projectDir, { stack: pulumi.getStack(), values: pulumi.runtime.allConfig() });
  } catch (err) {
    if (isProblemsError(err)) throw Object.assign(new pulumi.RunError(err.message), { problems: err.problems });
    throw err;
  }
}
