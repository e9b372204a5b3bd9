/**
 * Hand-written dashboards: `dashboards/custom/<name>.json`, each a Grafana dashboard model.
 * `{env}` becomes the stack name (as in the catalog), so one file serves every environment.
 * They pass the checks generated dashboards pass; a mistake is a problem naming the file, the
 * key path and its line, reported with every other input problem.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import {
  checkGrafanaSettings, type CustomDashboard, type GrafanaModel, type GrafanaSettings,
} from "../model/grafana";
import type { Service } from "../model/model";
import type { Problem } from "../model/problems";
import { parseYaml, type SourceFile } from "../model/source";
import { PROJECT } from "../model/vocabulary";
import { CLOUDWATCH, dataSourceUid, finish, SENTRY } from "./library";
import { metricCatalog } from "./metrics";
import { type DashboardRefs, validateDashboard } from "./validate";

export const CUSTOM_DIR = "dashboards/custom";

/** Keys Grafana or this project sets; written by hand they would fight the deployed value. */
const OWNED_KEYS: Record<string, string> = {
  id: "Grafana numbers dashboards itself; an id would show as a change on every run",
  version: "Grafana counts versions itself; a version would show as a change on every run",
  uid: "the uid is derived from the file name (servio-<env>-custom-<name>)",
};

/** Reads, checks and returns the hand-written dashboards; problems go to `problems`. */
export function loadCustomDashboards(
  projectDir: string,
  environment: string,
  refs: DashboardRefs,
  problems: Problem[],
): CustomDashboard[] {
  const dir = path.join(projectDir, CUSTOM_DIR);
  if (!fs.existsSync(dir)) return [];
  const loaded: CustomDashboard[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "README.md") continue;
    const file = `${CUSTOM_DIR}/${name}`;
    if (!name.endsWith(".json")) {
      const hint = `every file under ${CUSTOM_DIR}/ is one dashboard model in JSON`;
      problems.push({ file, path: "", message: "is not a .json file", hint });
      continue;
    }
    const text = fs.readFileSync(path.join(dir, name), "utf8").replaceAll("{env}", environment);
    const dashboard = readDashboard(file, text, refs, problems);
    if (dashboard) loaded.push({ name: name.slice(0, -".json".length), file, json: dashboard });
  }
  return loaded;
}

function readDashboard(
  file: string, text: string, refs: DashboardRefs, problems: Problem[],
): Record<string, unknown> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push({
      file,
      path: "",
      line: lineOfError(text, err),
      message: `invalid JSON: ${jsonMessage(err)}`,
      hint: "a dashboard file is one JSON object; check the commas and quotes around that line",
    });
    return undefined;
  }
  // JSON is YAML: parsed again, the file can tell the line of any key path.
  const { source } = parseYaml(file, text);
  const problem = (p: (string | number)[], message: string, hint?: string): Problem =>
    source ? source.problem(p, message, hint) : { file, path: p.join("."), message, hint };
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    problems.push(problem([], "must be a JSON object: a Grafana dashboard model"));
    return undefined;
  }
  const before = problems.length;
  for (const [key, why] of Object.entries(OWNED_KEYS)) {
    if (key in json) problems.push(problem([key], `must not be set: ${why}`, `remove "${key}"`));
  }
  // Checked as deployed: panel ids are numbered by position, as for generated dashboards.
  const { id: _id, version: _version, ...rest } = json as Record<string, unknown>;
  for (const issue of validateDashboard(finish(rest), refs)) {
    problems.push(problem(issue.path, issue.message, issue.hint));
  }
  return problems.length === before ? (json as Record<string, unknown>) : undefined;
}

/** The 1-based line of a JSON.parse error, from the position its message gives. */
function lineOfError(text: string, err: unknown): number | undefined {
  const message = String((err as Error)?.message);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return /end of JSON/.test(message) ? text.split("\n").length : undefined;
  return text.slice(0, Number(position)).split("\n").length;
}

/** JSON.parse's message without the position (the line says where). */
function jsonMessage(err: unknown): string {
  return String((err as Error)?.message ?? err)
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
}

/**
 * The environment's Grafana model: its settings, cross-checked, and its hand-written dashboards,
 * checked against the catalog's metrics and the environment's data sources.
 */
export function loadGrafana(
  projectDir: string,
  environment: string,
  settings: GrafanaSettings,
  services: Service[],
  config: { source: SourceFile; values: Record<string, string> },
  problems: Problem[],
): GrafanaModel {
  const at = ["config", `${PROJECT}:grafana`];
  for (const issue of checkGrafanaSettings(settings)) {
    problems.push(config.source.problem([...at, ...issue.path], issue.message, issue.hint));
  }
  const token = settings.sentry?.tokenSecret;
  if (token && config.values[`${PROJECT}:${token}`] === undefined) {
    problems.push(config.source.problem(
      [...at, "sentry", "tokenSecret"],
      `names the secret "${PROJECT}:${token}", which is not set`,
      `set it with: pulumi config set --secret ${PROJECT}:${token} <Sentry auth token>`,
    ));
  }
  const refs = {
    metrics: metricCatalog(environment, services),
    dataSources: dataSourcesOf(environment, settings),
  };
  return { settings, custom: loadCustomDashboards(projectDir, environment, refs, problems) };
}

/** The data sources the environment declares: CloudWatch, and Sentry where configured. */
export function dataSourcesOf(
  environment: string, settings: GrafanaSettings,
): { type: string; uid: string }[] {
  return [
    { type: CLOUDWATCH, uid: dataSourceUid(environment, "cloudwatch") },
    ...(settings.sentry ? [{ type: SENTRY, uid: dataSourceUid(environment, "sentry") }] : []),
  ];
}
