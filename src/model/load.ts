/**
 * Load and resolve: reads the catalog, teams.yaml and the stack's config, validates all of
 * them, applies defaults and overrides, and returns the model or every problem at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { didYouMean, type Problem, ProblemsError, suggestion } from "./problems";
import { type Model, type Service, type Team } from "./model";
import { resolveAlarms } from "./resolve";
import { checkMetricFacts, resolveComposite, resolveLogs } from "./resolve-metrics";
import {
  environmentSchemas,
  type EnvironmentKey,
  REQUIRED_ENVIRONMENT_KEYS,
  serviceSchema,
  type ServiceFile,
  teamsSchema,
} from "./schema";
import { readUserFile } from "./read-file";
import { checkAwsRegion, checkStackFile } from "./stack-file";
import { parseYaml, SourceFile, validate } from "./source";
import { checkServiceNames } from "./names";
import { checkOnCall } from "./oncall-check";
import type { OnCallConfig } from "./oncall-schema";
import { checkSentrySettings, type SentrySettings } from "./sentry";
import { ruleSeverities } from "./sentry-rules";
import type { DatadogSettings } from "./datadog";
import { resolveDatadog } from "./datadog-resolve";
import { checkSlackNames } from "./slack-names";
import { checkOtherStacks } from "./cross-stack";
import { loadGrafana } from "../dashboards/custom";
import { type GrafanaSettings, grafanaSecretKeys } from "./grafana";
import { PROJECT, SEVERITIES } from "./vocabulary";

export interface StackConfig {
  /** The stack (environment) name. */
  stack: string;
  /** Every config value as Pulumi hands it over: `namespace:key` -> string (JSON for objects). */
  values: Record<string, string>;
}

export const CATALOG_DIR = "catalog";
export const TEAMS_FILE = "teams.yaml";

/** Loads the whole model from the project directory and the stack's config. */
export function loadModel(projectDir: string, config: StackConfig): Model {
  const problems: Problem[] = [];
  const configFile = `Pulumi.${config.stack}.yaml`;
  const configSource = readConfigSource(projectDir, configFile, config.values);
  const written = configSource instanceof SourceFileWithData ? checkStackFile(configSource.raw) : undefined;
  problems.push(...(written?.problems ?? []));

  const teams = loadTeams(projectDir, problems);
  const files = loadCatalog(projectDir, problems);
  // A misspelt `config:` is that one mistake, not also every required key missing.
  const env = loadEnvironment(configSource, config.values, problems, { requireKeys: !written?.configMisspelt });

  if (teams) {
    for (const { source, service } of files) checkTeam(source, service, teams, problems);
  }
  if (problems.length > 0 || !env || !teams) throw new ProblemsError(problems);

  const region = config.values["aws:region"];
  const services = files.map(({ source, service }) =>
    resolveService(source, service, config.stack, env, configSource, problems),
  );
  checkServiceNames(services, config.stack, problems);
  checkOnCall(env.oncall, teams, env.routing, env.channels, configSource, problems);
  if (env.sentry) {
    const at = ["config", "servio-monitoring:sentry"];
    const routes = services.map((s) => ({ name: s.name, severities: ruleSeverities(s.tier) }));
    for (const issue of checkSentrySettings(env.sentry, env.channels, env.routing, routes)) {
      problems.push(configSource.problem([...at, ...issue.path], issue.message, issue.hint));
    }
  }
  problems.push(...checkSlackNames(env.sentry, env.datadog, configSource));
  problems.push(...checkOtherStacks(projectDir, config.stack, {
    sentryOrganization: env.sentry?.organization,
    datadogEnv: env.datadog?.env,
  }, configSource));
  const apmInputs = files.map(({ source, service }) => ({ ...service, source }));
  const datadog = env.datadog && resolveDatadog(env.datadog, apmInputs, { ...env, source: configSource }, problems);
  const grafanaConfig = { source: configSource, values: config.values };
  const grafana = env.grafana &&
    loadGrafana(projectDir, config.stack, env.grafana, services, grafanaConfig, problems);
  if (problems.length > 0) throw new ProblemsError(problems);

  return {
    environment: config.stack,
    region,
    teams,
    services: services.sort((a, b) => a.name.localeCompare(b.name)),
    channels: env.channels,
    routing: env.routing,
    protect: env.protect ?? false,
    ...(env.sentry ? { sentry: env.sentry } : {}),
    ...(datadog ? { datadog } : {}),
    ...(grafana ? { grafana } : {}),
    configFile,
    oncall: env.oncall,
  };
}

function readConfigSource(projectDir: string, file: string, values: Record<string, string>): SourceFile {
  const full = path.join(projectDir, file);
  const data = { config: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, parseValue(v)])) };
  const read = readUserFile(full, file);
  if (read.text === undefined) return SourceFile.detached(file, data);
  const { source } = parseYaml(file, read.text);
  return source ? new SourceFileWithData(source, data) : SourceFile.detached(file, data);
}

/** Keeps the file's line positions while validating the values Pulumi handed over. */
class SourceFileWithData extends SourceFile {
  constructor(
    readonly raw: SourceFile,
    data: unknown,
  ) {
    super(raw.file, data, undefined, undefined);
  }
  override lineOf(p: readonly (string | number)[]): number | undefined {
    // A key written without its namespace (`colour:`) is the project's: find it as written.
    const [first, key, ...rest] = p;
    const config = (this.raw.data as { config?: Record<string, unknown> } | null)?.config;
    if (first === "config" && typeof key === "string" && key.startsWith(`${PROJECT}:`) && config && typeof config === "object" && !(key in config)) {
      const bare = key.slice(PROJECT.length + 1);
      if (bare in config) return this.raw.lineOf(["config", bare, ...rest]);
    }
    return this.raw.lineOf(p);
  }
}

function parseValue(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function loadTeams(projectDir: string, problems: Problem[]): Record<string, Team> | undefined {
  const full = path.join(projectDir, TEAMS_FILE);
  const read = readUserFile(full, TEAMS_FILE);
  if (read.text === undefined) {
    problems.push(read.problem ?? { file: TEAMS_FILE, path: "", message: "file is missing", hint: "teams.yaml lists the teams that own services" });
    return undefined;
  }
  const parsed = parseYaml(TEAMS_FILE, read.text);
  problems.push(...parsed.problems);
  if (!parsed.source) return undefined;
  const { value, problems: found } = validate(parsed.source, teamsSchema);
  problems.push(...found);
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value.teams).map(([name, t]) => [name, { name, ...t }]));
}

function loadCatalog(projectDir: string, problems: Problem[]): { source: SourceFile; service: ServiceFile }[] {
  const dir = path.join(projectDir, CATALOG_DIR);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") {
      problems.push({ file: CATALOG_DIR, path: "", message: "is a file, not a directory", hint: "catalog/ is a directory with one YAML file per service" });
      return [];
    }
    if (code !== "ENOENT") {
      problems.push({ file: `${CATALOG_DIR}/`, path: "", message: `cannot be read: ${(err as Error).message}` });
      return [];
    }
  }
  const yamlFiles = names.filter((n) => /\.ya?ml$/.test(n));
  for (const other of names.filter((n) => !/\.ya?ml$/.test(n) && !n.startsWith("."))) {
    problems.push({ file: `${CATALOG_DIR}/${other}`, path: "", message: "is not a .yaml file", hint: "every file under catalog/ describes one service in YAML" });
  }
  if (yamlFiles.length === 0) {
    problems.push({ file: `${CATALOG_DIR}/`, path: "", message: "the catalog is empty: no service is described", hint: "add one YAML file per service, e.g. catalog/orders.yaml (see README)" });
    return [];
  }

  const loaded: { source: SourceFile; service: ServiceFile }[] = [];
  const seen = new Map<string, string>();
  for (const n of yamlFiles) {
    const file = `${CATALOG_DIR}/${n}`;
    const read = readUserFile(path.join(dir, n), file);
    if (read.text === undefined) {
      // Listed a moment ago, so "missing" is a file removed meanwhile: nothing to describe.
      if (read.problem) problems.push(read.problem);
      continue;
    }
    const parsed = parseYaml(file, read.text);
    problems.push(...parsed.problems);
    if (!parsed.source) continue;
    const { value, problems: found } = validate(parsed.source, serviceSchema);
    problems.push(...found);
    if (!value) continue;
    const first = seen.get(value.name);
    if (first) {
      problems.push(parsed.source.problem(["name"], `duplicate service name "${value.name}", already described in ${first}`, "every service needs its own name"));
      continue;
    }
    seen.set(value.name, file);
    loaded.push({ source: parsed.source, service: value });
  }
  return loaded;
}

interface Environment {
  channels: NonNullable<ReturnType<typeof environmentSchemas.channels.parse>>;
  routing: ReturnType<typeof environmentSchemas.routing.parse>;
  alarms: ReturnType<typeof environmentSchemas.alarms.parse>;
  protect?: boolean;
  logs?: ReturnType<typeof environmentSchemas.logs.parse>;
  composite?: ReturnType<typeof environmentSchemas.composite.parse>;
  oncall?: OnCallConfig;
  sentry?: SentrySettings;
  datadog?: DatadogSettings;
  grafana?: GrafanaSettings;
}

function loadEnvironment(source: SourceFile, values: Record<string, string>, problems: Problem[], options = { requireKeys: true }): Environment | undefined {
  const before = problems.length;
  const env: Partial<Record<EnvironmentKey, unknown>> = {};
  const known = Object.keys(environmentSchemas) as EnvironmentKey[];
  const prefix = `${PROJECT}:`;

  const region = values["aws:region"];
  if (region) {
    const wrong = checkAwsRegion(source, region);
    if (wrong) problems.push(wrong);
  } else if (options.requireKeys) {
    problems.push(source.problem(["config"], 'required key "aws:region" is missing', `set it with: pulumi config set aws:region eu-west-1`));
  }
  for (const key of known) {
    const raw = values[prefix + key];
    if (raw === undefined) {
      if (REQUIRED_ENVIRONMENT_KEYS.includes(key) && options.requireKeys) {
        problems.push(source.problem(["config"], `required key "${prefix}${key}" is missing`));
      }
      continue;
    }
    const at = ["config", prefix + key];
    const { value, problems: found } = validate(source, environmentSchemas[key], parseValue(raw), at);
    problems.push(...found);
    env[key] = value;
  }

  const secretNames = new Set<string>();
  const channels = (env.channels ?? {}) as Environment["channels"];
  for (const [name, channel] of Object.entries(channels)) {
    if (channel.type !== "webhook") continue;
    secretNames.add(channel.urlSecret);
    checkSecretKey(source, values, name, channel.urlSecret, problems);
  }
  // Channels that failed validation still count as written, so that one mistake in a channel
  // is one problem, not also an unknown channel in every route and an unknown secret key.
  const written = declaredChannels(values[`${prefix}channels`]);
  for (const secret of written.secrets) secretNames.add(secret);
  for (const secret of grafanaSecretKeys(values[`${prefix}grafana`])) secretNames.add(secret);
  const projectKeys = Object.keys(values).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  for (const key of projectKeys.filter((k) => !known.includes(k as EnvironmentKey) && !secretNames.has(k))) {
    const allowed = [...known, ...secretNames];
    // Compared without the namespace every candidate shares, which would make any key look close.
    const close = didYouMean(key, allowed);
    const hint = close ? `did you mean "${prefix}${close}"?` : `allowed: ${allowed.map((k) => `"${prefix}${k}"`).join(", ")}`;
    problems.push(source.problem(["config", prefix + key], `unknown key "${prefix}${key}"`, hint));
  }

  const routing = env.routing as Environment["routing"] | undefined;
  if (routing) {
    for (const severity of SEVERITIES) {
      routing[severity].forEach((channel, i) => {
        if (!(channel in channels) && !written.names.includes(channel)) {
          const defined = Object.keys(channels);
          problems.push(source.problem(["config", `${prefix}routing`, severity, i], `unknown channel "${channel}"`, defined.length ? suggestion(channel, defined) : `define it under ${prefix}channels`));
        }
      });
    }
  }
  if (problems.length > before) return undefined;
  return {
    channels,
    routing: routing!,
    alarms: (env.alarms ?? {}) as Environment["alarms"],
    protect: env.protect as boolean | undefined,
    logs: env.logs as Environment["logs"],
    composite: env.composite as Environment["composite"],
    oncall: env.oncall as OnCallConfig | undefined,
    sentry: env.sentry as SentrySettings | undefined,
    datadog: env.datadog as DatadogSettings | undefined,
    grafana: env.grafana as GrafanaSettings | undefined,
  };
}

/** Channel names and webhook secret keys as written, whether or not the channels are valid. */
function declaredChannels(raw: string | undefined): { names: string[]; secrets: string[] } {
  const parsed = raw === undefined ? undefined : parseValue(raw);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { names: [], secrets: [] };
  const entries = Object.entries(parsed as Record<string, unknown>);
  const secrets = entries
    .map(([, c]) => (c && typeof c === "object" ? (c as { urlSecret?: unknown }).urlSecret : undefined))
    .filter((k): k is string => typeof k === "string");
  return { names: entries.map(([n]) => n), secrets };
}

function checkSecretKey(source: SourceFile, values: Record<string, string>, channel: string, key: string, problems: Problem[]): void {
  const full = `${PROJECT}:${key}`;
  const at = ["config", `${PROJECT}:channels`, channel, "urlSecret"];
  if (values[full] === undefined) {
    problems.push(source.problem(at, `names the secret "${full}", which is not set`, `set it with: pulumi config set --secret ${full} <url>`));
    return;
  }
  const raw = source instanceof SourceFileWithData ? (source.raw.data as { config?: Record<string, unknown> }) : undefined;
  const written = raw?.config?.[full];
  if (written !== undefined && (typeof written !== "object" || written === null || !("secure" in written))) {
    problems.push(source.problem(["config", full], "holds a URL with a token in plain text", `store it encrypted: pulumi config set --secret ${full} <url>`));
  }
}

function resolveService(
  source: SourceFile,
  file: ServiceFile,
  environment: string,
  env: Environment,
  configSource: SourceFile,
  problems: Problem[],
): Service {
  const resources = substituteEnv(file.resources, environment);
  const service: Service = {
    name: file.name,
    description: file.description,
    team: file.team,
    tier: file.tier,
    runbook: file.runbook,
    health: file.health,
    resources,
    businessMetrics: file.businessMetrics,
    alarms: [],
    file: source.file,
    customMetrics: file.customMetrics && substituteEnv(file.customMetrics, environment),
    logs: resolveLogs(file, environment, { ...env.logs, source: configSource.file }, source.file),
    composite: resolveComposite(file, { ...env.composite, source: configSource.file }, source.file),
    ...(file.platform ? { platform: file.platform } : {}),
  };
  checkMetricFacts(file, source, problems);
  service.alarms = resolveAlarms(service, { overrides: env.alarms, source: configSource }, { overrides: file.alarms, source }, problems);
  return service;
}

function checkTeam(source: SourceFile, file: ServiceFile, teams: Record<string, Team>, problems: Problem[]): void {
  if (file.team in teams) return;
  const hint = `${suggestion(file.team, Object.keys(teams))} (teams are defined in ${TEAMS_FILE})`;
  problems.push(source.problem(["team"], `unknown team "${file.team}"`, hint));
}

/** Replaces `{env}` in every string of the resource names. */
function substituteEnv<T>(value: T, environment: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll("{env}", environment)) as T;
}
