/**
 * Every dashboard of an environment, from the model: the five generated kinds, one per service
 * and the hand-written ones of `dashboards/custom/`. Pure: the Grafana component only deploys
 * what this returns.
 */
import type { CustomDashboard, GrafanaSettings } from "../model/grafana";
import type { Service } from "../model/model";
import {
  alarmAnnotation, businessSections, errorSections, healthSections, performanceSections,
  serviceSections,
} from "./kinds";
import {
  buildDashboard, CLOUDWATCH, type Context, dataSourceUid, finish, type Section, SENTRY, uidOf,
} from "./library";

/** What a dashboard is for; `service` and `custom` come once per service and per file. */
export type DashboardKind = "health" | "performance" | "business" | "errors" | "service" | "custom";

export interface DashboardSpec {
  kind: DashboardKind;
  /** Unique in the environment: the kind, `service-<name>` or `custom-<file name>`. */
  key: string;
  title: string;
  uid: string;
  /** The dashboard model, keys sorted, without `id` or `version`. */
  model: Record<string, unknown>;
  /** The file a hand-written dashboard came from. */
  file?: string;
}

/** What the dashboards are built from. */
export interface DashboardInputs {
  environment: string;
  region: string;
  settings: GrafanaSettings;
  services: Service[];
  custom: CustomDashboard[];
  /** The `environment` Sentry's SDKs report (`servio-monitoring:sentry`); @default the stack name */
  sentryEnvironment?: string;
}

/** The four catalog-wide kinds: their title, description and sections. */
const KINDS: {
  kind: Exclude<DashboardKind, "service" | "custom">;
  title: string;
  description: string;
  sections: (ctx: Context, services: Service[]) => Section[];
}[] = [
  {
    kind: "health",
    title: "System health",
    description: "Uptime, error rate and saturation of every service",
    sections: healthSections,
  },
  {
    kind: "performance",
    title: "Performance",
    description: "Latency percentiles and throughput per entry point; database latency",
    sections: performanceSections,
  },
  {
    kind: "business",
    title: "Business metrics",
    description: "Business metrics of the catalog, the previous week overlaid",
    sections: businessSections,
  },
  {
    kind: "errors",
    title: "Error tracking",
    description: "5xx rates, Lambda errors, dead-letter queues and Sentry events",
    sections: errorSections,
  },
];

/** The context panels are built in: the environment's data sources. */
export function contextOf(inputs: DashboardInputs): Context {
  const { environment, region, settings } = inputs;
  return {
    environment,
    region,
    cloudwatch: { type: CLOUDWATCH, uid: dataSourceUid(environment, "cloudwatch") },
    ...(settings.sentry
      ? {
          sentry: {
            type: SENTRY,
            uid: dataSourceUid(environment, "sentry"),
            environment: inputs.sentryEnvironment ?? environment,
          },
        }
      : {}),
  };
}

/** Every dashboard of the environment, in a stable order. */
export function dashboardSpecs(inputs: DashboardInputs): DashboardSpec[] {
  const ctx = contextOf(inputs);
  const env = inputs.environment;
  const tags = ["servio", `env:${env}`];
  const common = { refresh: inputs.settings.refresh };
  const annotations = inputs.services.map((s) => alarmAnnotation(ctx, s));
  const specs: DashboardSpec[] = KINDS.map((k) => {
    const uid = uidOf(`servio-${env}-${k.kind}`);
    const title = `Servio ${env} · ${k.title}`;
    const options = { ...common, uid, title, description: k.description, annotations };
    const model = buildDashboard({ ...options, tags: [...tags, `kind:${k.kind}`] }, k.sections(ctx, inputs.services));
    return { kind: k.kind, key: k.kind, title, uid, model };
  });

  for (const s of inputs.services) {
    const uid = uidOf(`servio-${env}-service-${s.name}`);
    const title = `Servio ${env} · ${s.name}`;
    const own = [...tags, "kind:service", `service:${s.name}`, `team:${s.team}`];
    const options = { ...common, uid, title, description: s.description, tags: own };
    const model = buildDashboard({ ...options, annotations: [alarmAnnotation(ctx, s)] }, serviceSections(ctx, s));
    specs.push({ kind: "service", key: `service-${s.name}`, title, uid, model });
  }

  for (const c of inputs.custom) {
    const uid = uidOf(`servio-${env}-custom-${c.name}`);
    const title = typeof c.json.title === "string" ? c.json.title : c.name;
    const written = (c.json.tags as string[] | undefined) ?? [];
    const model = finish({ ...c.json, uid, tags: [...new Set([...written, ...tags, "kind:custom"])] });
    specs.push({ kind: "custom", key: `custom-${c.name}`, title, uid, model, file: c.file });
  }
  return specs;
}
