/**
 * Servio's alerting rules as a CrossGuard policy pack:
 *   pulumi preview --stack prod --policy-pack policy
 * The rules are the ones `npm run plan` runs offline (src/policy/rules.ts); policies.ts turns
 * the engine's resources into a Plan and reads the stack's settings from its
 * Pulumi.<stack>.yaml, so both runs decide alike.
 */
import { PolicyPack } from "@pulumi/policy";

import { servioPolicies } from "./policies";

new PolicyPack("servio-alerting", {
  description: "Servio's alerting rules: runbook, owner and action in production, routes, paging datapoints, protection, unique names",
  policies: servioPolicies(),
});
