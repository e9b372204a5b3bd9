/**
 * The pack's policies: one CrossGuard stack policy per rule of src/policy/rules.ts, with the
 * rule's name, description and enforcement level. Apart from index.ts so tests can run them
 * without starting the policy server.
 */
import * as path from "node:path";

import type { StackValidationPolicy } from "@pulumi/policy";

import { planOfResources, stackOfUrn } from "../src/policy/from-engine";
import { RULES } from "../src/policy/rules";
import { readPolicySettings } from "../src/policy/settings";

/** The Pulumi project beside this pack: where Pulumi.<stack>.yaml lives. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** The policies, reading the stack's settings from `projectDir`. @default PROJECT_DIR */
export function servioPolicies(projectDir = PROJECT_DIR): StackValidationPolicy[] {
  return RULES.map((rule) => ({
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    validateStack: (args, reportViolation) => {
      if (args.resources.length === 0) return;
      const { stack, project } = stackOfUrn(args.resources[0].urn);
      const settings = readPolicySettings(projectDir, project, stack);
      const plan = planOfResources(args.resources);
      for (const v of rule.check(plan, settings)) reportViolation(v.message, v.urn);
    },
  }));
}
