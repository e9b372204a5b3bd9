/**
 * IncidentPolicy: the environment's routing table and incident rules, recorded in the plan
 * as one component. It declares nothing in any vendor; the plan checks, the routing tests
 * and the generated docs read who each severity reaches, and what is required, from it.
 */
import * as pulumi from "@pulumi/pulumi";

import type { ChannelConfig } from "../src/model/schema";
import type { Severity } from "../src/model/vocabulary";
import { INCIDENT_POLICY } from "../src/report/oncall";

export interface IncidentPolicyArgs {
  environment: string;
  /** For each severity, the channel names it reaches. */
  routing: Record<Severity, string[]>;
  /** The channels by name; secrets are referred to by config key only, never held. */
  channels: Record<string, ChannelConfig>;
  /** Every schedule must cover every hour of the week. @default false */
  requireFullCoverage?: boolean;
  /** The post-mortem template PagerDuty services link to, when on-call is set up. */
  postmortemTemplate?: string;
}

/**
 * @example
 * new IncidentPolicy("prod", {
 *   environment: "prod",
 *   routing: { critical: ["page", "chat"], warning: ["chat"], info: [] },
 *   channels, requireFullCoverage: true,
 * });
 */
export class IncidentPolicy extends pulumi.ComponentResource {
  constructor(name: string, args: IncidentPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(INCIDENT_POLICY, name, {
      environment: args.environment,
      routing: args.routing,
      channels: args.channels,
      requireFullCoverage: args.requireFullCoverage ?? false,
      ...(args.postmortemTemplate ? { postmortemTemplate: args.postmortemTemplate } : {}),
    }, opts);
    this.registerOutputs({});
  }
}
