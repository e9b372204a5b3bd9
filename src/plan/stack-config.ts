/**
 * Reads `Pulumi.<stack>.yaml` into the flat config Pulumi hands a program: `namespace:key` ->
 * string, objects as JSON. Secure values are never decrypted: they become placeholder secrets.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { ProblemsError } from "../model/problems";
import { readUserFile } from "../model/read-file";
import { parseYaml } from "../model/source";
import { SECRET } from "./plan";

export interface StackConfigValues {
  values: Record<string, string>;
  secretKeys: string[];
}

/** Stacks of the project: the `Pulumi.<stack>.yaml` files beside `Pulumi.yaml`. */
export function knownStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.([^.]+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function readStackConfig(projectDir: string, project: string, stack: string): StackConfigValues {
  const file = `Pulumi.${stack}.yaml`;
  const full = path.join(projectDir, file);
  const read = /^[A-Za-z0-9_.-]+$/.test(stack) ? readUserFile(full, file) : { missing: true as const };
  if (read.problem) throw new ProblemsError([read.problem]);
  if (read.text === undefined) {
    const stacks = knownStacks(projectDir);
    throw new ProblemsError([{
      file,
      path: "",
      message: `unknown stack "${stack}": there is no ${file}`,
      hint: stacks.length ? `known stacks: ${stacks.join(", ")}` : "create it with: pulumi stack init <name>",
    }]);
  }

  const { source, problems } = parseYaml(file, read.text);
  if (!source) throw new ProblemsError(problems);
  const data = (source.data ?? {}) as { config?: unknown };
  const config = data.config ?? {};
  if (typeof config !== "object" || Array.isArray(config) || config === null) {
    throw new ProblemsError([source.problem(["config"], "expected a mapping of config keys")]);
  }

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(config as Record<string, unknown>)) {
    // A key without a namespace belongs to the project, as with the real CLI.
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    const { plain, secret } = placeholderSecrets(value);
    values[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
    if (secret) secretKeys.push(key);
  }
  return { values, secretKeys };
}

/** Replaces every `{ secure: … }` with the placeholder; tells whether there was one. */
function placeholderSecrets(value: unknown): { plain: unknown; secret: boolean } {
  if (Array.isArray(value)) {
    const items = value.map(placeholderSecrets);
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
  }
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.secure === "string") return { plain: SECRET, secret: true };
    const entries = Object.entries(o).map(([k, v]) => [k, placeholderSecrets(v)] as const);
    return {
      plain: Object.fromEntries(entries.map(([k, v]) => [k, v.plain])),
      secret: entries.some(([, v]) => v.secret),
    };
  }
  return { plain: value === null ? null : typeof value === "string" ? value : value, secret: false };
}
