/**
 * Fast model-level helpers for the metric-family tests: load a project copy's model without
 * the Pulumi runtime, and collect the problems a bad input gives as the user reads them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { loadModel } from "../../src/model/load";
import type { Model } from "../../src/model/model";
import { formatProblem, ProblemsError } from "../../src/model/problems";
import { readStackConfig } from "../../src/plan/stack-config";
import { PROJECT_DIR, projectCopy } from "../helpers";

/** The model of `stack` in a copy of the project changed by `files`. */
export function model(stack: string, files: Record<string, string | null> = {}): Model {
  const dir = Object.keys(files).length ? projectCopy(files) : PROJECT_DIR;
  const config = readStackConfig(dir, "servio-monitoring", stack);
  return loadModel(dir, { stack, values: config.values });
}

/** Every problem `files` cause, formatted (`catalog/x.yaml:12 path: message` + hint). */
export function problems(stack: string, files: Record<string, string | null>): string[] {
  try {
    model(stack, files);
  } catch (err) {
    if (err instanceof ProblemsError) return err.problems.map(formatProblem);
    throw err;
  }
  return [];
}

/** A catalog file of the real project, with `extra` YAML appended (top-level keys). */
export function catalogWith(service: string, extra: string, replace?: [string, string]): string {
  let text = fs.readFileSync(path.join(PROJECT_DIR, "catalog", `${service}.yaml`), "utf8");
  if (replace) text = text.replace(replace[0], replace[1]);
  return `${text}${extra}`;
}
