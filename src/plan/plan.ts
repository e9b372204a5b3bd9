/**
 * The Plan: every resource the program declares for one stack, with its inputs as the
 * provider would receive them, secrets redacted. Every report reads a Plan and nothing else.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a secret value is shown as, everywhere. */
export const SECRET = "[secret]";

export interface PlanResource {
  /** The URN the real engine gives the resource (parent types chained with `$`). */
  urn: string;
  /** Type token, e.g. `aws:cloudwatch/metricAlarm:MetricAlarm`. */
  type: string;
  /** The logical name the program gave it. */
  name: string;
  /** URN of the parent; the stack's own resource for top-level resources. */
  parent?: string;
  /** URN of the explicit provider, when the resource names one. */
  provider?: string;
  custom: boolean;
  protect: boolean;
  retainOnDelete: boolean;
  /** Inputs with keys sorted and secrets shown as `[secret]`. */
  inputs: { [key: string]: Json };
}

export interface Plan {
  project: string;
  stack: string;
  /** The stack's AWS region (`aws:region`), where resources without an explicit provider live. */
  region: string;
  resources: PlanResource[];
  /** Stack outputs, secrets redacted. */
  outputs: { [key: string]: Json };
}

/** Resources of a type, in URN order. */
export function ofType(plan: Plan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}

const urnIndexes = new WeakMap<PlanResource[], Map<string, PlanResource>>();

/**
 * The resource of a URN. Reports look a parent up once per alert: indexed once per resources
 * array (a changed copy of a plan has its own array), not searched each time.
 */
export function resourceByUrn(plan: Plan, urn: string | undefined): PlanResource | undefined {
  if (urn === undefined) return undefined;
  let index = urnIndexes.get(plan.resources);
  if (!index) {
    index = new Map(plan.resources.map((r) => [r.urn, r]));
    urnIndexes.set(plan.resources, index);
  }
  return index.get(urn);
}

/** The plan as JSON: stable key order, two-space indent, trailing newline. */
export function planToJson(plan: Plan): string {
  return `${JSON.stringify(sortKeys(plan as unknown as Json), null, 2)}\n`;
}

export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}
