/**
 * Plan checks hold each declared resource's inputs against what the vendor's API accepts,
 * so that a mistake fails the plan with a message instead of failing `pulumi up`.
 */
import type { Plan, PlanResource } from "../plan/plan";

export interface Finding {
  urn: string;
  type: string;
  /** The resource's logical name in the program. */
  resource: string;
  /** The input that is wrong, as a dotted path (`metricQueries[2].id`). */
  field: string;
  message: string;
  hint?: string;
  /** `error` fails the plan; `warning` is printed. */
  level: "error" | "warning";
}

/** Checks one resource; `plan` is there for cross-references (e.g. a topic's region). */
export type ResourceCheck = (resource: PlanResource, plan: Plan, report: Reporter) => void;
export type Reporter = (field: string, message: string, hint?: string, level?: Finding["level"]) => void;

export function formatFinding(f: Finding): string {
  const hint = f.hint ? `\n    hint: ${f.hint}` : "";
  return `${f.level}: ${f.type} "${f.resource}" ${f.field}: ${f.message}${hint}`;
}
