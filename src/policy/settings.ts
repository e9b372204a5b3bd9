/**
 * What the policy needs to know of an environment, read from its `Pulumi.<env>.yaml`, so that
 * the offline plan and the CrossGuard pack decide alike: whether production rules apply
 * (`servio-monitoring:policy.production`) and whether stateful resources must be protected
 * (`servio-monitoring:protect`). Data, never the environment's name.
 */
import { z } from "zod";

import { readStackConfig } from "../plan/stack-config";
import { PROJECT } from "../model/vocabulary";

/** `servio-monitoring:policy` in Pulumi.<env>.yaml. */
export const policyConfigSchema = z.strictObject({
  /**
   * Production rules apply: every alert has a runbook, an owner and an action.
   * @default false, because a development stack may carry alerts still being written.
   */
  production: z.boolean().optional(),
});

export interface PolicySettings {
  /** Production rules apply. @default false */
  production: boolean;
  /** Stateful monitoring resources must be protected. @default false, as `servio-monitoring:protect`. */
  protect: boolean;
}

/** Settings from the flat config Pulumi hands a program (`namespace:key` -> string). */
export function settingsFromConfig(values: Record<string, string | undefined>): PolicySettings {
  const policy = policyConfigSchema.safeParse(parse(values[`${PROJECT}:policy`]) ?? {});
  return {
    production: policy.success ? policy.data.production ?? false : false,
    protect: parse(values[`${PROJECT}:protect`]) === true,
  };
}

/** Settings of a stack of the project at `projectDir`. Validation is the model loader's job. */
export function readPolicySettings(projectDir: string, project: string, stack: string): PolicySettings {
  return settingsFromConfig(readStackConfig(projectDir, project, stack).values);
}

function parse(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
