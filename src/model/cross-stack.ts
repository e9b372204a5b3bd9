/**
 * What two stacks of the project must not share: each declares its Sentry teams and projects
 * by slug in its organization, and each Datadog stack's monitors watch its own `env` tag. Two
 * stacks with the same organization would fight over one set of projects at `pulumi up`; two
 * with the same env would watch each other's traffic.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { parse } from "yaml";

import type { Problem } from "./problems";
import type { SourceFile } from "./source";
import { PROJECT } from "./vocabulary";

/** The values of this stack that no other stack of the project may hold. */
export interface Exclusive {
  sentryOrganization?: string;
  datadogEnv?: string;
}

const KEYS = [
  { key: "sentryOrganization", at: [`${PROJECT}:sentry`, "organization"], what: "Sentry organization" },
  { key: "datadogEnv", at: [`${PROJECT}:datadog`, "env"], what: "Datadog env tag" },
] as const;

/** Problems where another `Pulumi.<stack>.yaml` of the project holds one of `mine`. */
export function checkOtherStacks(projectDir: string, stack: string, mine: Exclusive, source: SourceFile): Problem[] {
  const problems: Problem[] = [];
  for (const [other, config] of otherStacks(projectDir, stack)) {
    for (const { key, at, what } of KEYS) {
      const value = mine[key];
      if (value === undefined || valueAt(config, at) !== value) continue;
      problems.push(source.problem(
        ["config", ...at],
        `"${value}" is also the ${what} of stack ${other} (Pulumi.${other}.yaml)`,
        key === "sentryOrganization"
          ? "each stack declares its own projects by slug: give every environment its own organization"
          : "monitors would watch the other stack's traffic: give every environment its own env tag",
      ));
    }
  }
  return problems;
}

/** The config mappings of the project's other stack files, by stack name, in name order. */
function otherStacks(projectDir: string, stack: string): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const file of fs.readdirSync(projectDir).sort()) {
    const m = /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(file);
    if (!m || m[1] === stack) continue;
    try {
      found.push([m[1], (parse(fs.readFileSync(path.join(projectDir, file), "utf8")) as { config?: unknown })?.config]);
    } catch {
      // Another stack's unreadable file is that stack's problem, reported when it is planned.
    }
  }
  return found;
}

function valueAt(config: unknown, at: readonly string[]): unknown {
  let value = config;
  for (const key of at) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}
